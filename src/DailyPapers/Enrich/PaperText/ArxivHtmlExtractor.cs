using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DailyPapers.Papers;
using DailyPapers.Text;

namespace DailyPapers.Enrich.PaperText;

/// <summary>
/// Extracts a LaTeXML (arXiv HTML) paper: the abstract and every section with its heading path and body text, figure
/// and table captions, and the paper's own links (not the bibliography's). Page chrome (nav, header, footer, scripts)
/// is skipped; math is kept as its TeX alt text.
/// </summary>
public static class ArxivHtmlExtractor
{
    private static readonly string[] SectionClasses = ["ltx_section", "ltx_subsection", "ltx_subsubsection", "ltx_appendix", "ltx_paragraph"];
    private static readonly string[] SkippedTags = ["SCRIPT", "STYLE", "NAV", "HEADER", "FOOTER", "BUTTON", "FORM", "NOSCRIPT", "SVG", "FIGURE", "SECTION"];
    private static readonly string[] SkippedClasses = ["ltx_page_header", "ltx_page_footer", "ltx_figure", "ltx_table", "ltx_bibliography", "ltx_TOC", "ltx_pagination"];
    private static readonly string[] BlockTags = ["P", "DIV", "LI", "UL", "OL", "TR", "TABLE", "BLOCKQUOTE", "DL", "DD", "DT", "H1", "H2", "H3", "H4", "H5", "H6"];

    /// <summary>The extracted text and links, or null when the page is not a LaTeXML document.</summary>
    public static (FullText Text, IReadOnlyList<PaperLink> Links)? Extract(string html, string arxivId, string url, int maxChars)
    {
        var doc = new HtmlParser().ParseDocument(html);
        var root = doc.QuerySelector(".ltx_document");
        if (root is null) return null;

        var sections = new List<FullTextSection>();
        if (root.QuerySelector(".ltx_abstract") is { } abs)
            sections.Add(new FullTextSection(["Abstract"], BodyText(abs, abs.QuerySelector(".ltx_title"))));
        foreach (var section in root.QuerySelectorAll("section").Where(IsSection))
        {
            var title = Title(section);
            var path = section.Ancestors<IElement>().Where(IsSection).Reverse().Select(Title).Append(title).ToList();
            sections.Add(new FullTextSection(path, BodyText(section, section.Children.FirstOrDefault(c => c.ClassList.Contains("ltx_title")))));
        }
        var (capped, truncated) = Cap(sections, maxChars);
        var captions = root.QuerySelectorAll(".ltx_caption").Select(c => TextFolding.Fold(BodyText(c, null)))
            .Where(c => c.Length > 0).Distinct().ToList();
        var links = root.QuerySelectorAll("a[href]")
            .Where(a => a.Closest(".ltx_bibliography") is null && a.Closest("nav, header, footer, .ltx_page_header, .ltx_page_footer") is null)
            .Select(a => a.GetAttribute("href")!)
            .Where(h => h.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || h.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => LinkExtractor.Extract(h, "full text"))
            .ToList();
        var text = new FullText { ArxivId = arxivId, Source = "html", Url = url, Sections = capped, Captions = captions, Truncated = truncated };
        return (text, links);
    }

    /// <summary>Keeps whole sections up to the cap and cuts the one that crosses it.</summary>
    internal static (List<FullTextSection>, bool) Cap(IReadOnlyList<FullTextSection> sections, int maxChars)
    {
        var kept = new List<FullTextSection>();
        var used = 0;
        foreach (var s in sections)
        {
            var room = maxChars - used;
            if (room <= 0) return (kept, true);
            if (s.Text.Length > room)
            {
                kept.Add(s with { Text = s.Text[..room] });
                return (kept, true);
            }
            kept.Add(s);
            used += s.Text.Length;
        }
        return (kept, false);
    }

    private static bool IsSection(IElement e) => e.TagName == "SECTION" && SectionClasses.Any(e.ClassList.Contains);

    private static string Title(IElement section) =>
        section.Children.FirstOrDefault(c => c.ClassList.Contains("ltx_title")) is { } t ? TextFolding.Fold(BodyText(t, null)) : "(untitled)";

    /// <summary>The text directly in <paramref name="container"/>: paragraphs on their own lines, nested sections left out.</summary>
    private static string BodyText(IElement container, IElement? skip)
    {
        var sb = new StringBuilder();
        foreach (var child in container.ChildNodes) Walk(child, sb, skip);
        var lines = sb.ToString().Split('\n').Select(TextFolding.Fold).Where(l => l.Length > 0);
        return string.Join("\n", lines);
    }

    private static void Walk(INode node, StringBuilder sb, IElement? skip)
    {
        if (node is IText text)
        {
            sb.Append(text.Data);
            return;
        }
        if (node is not IElement e || e == skip) return;
        if (SkippedTags.Contains(e.TagName) || SkippedClasses.Any(e.ClassList.Contains)) return;
        if (e.LocalName == "math")
        {
            sb.Append(' ').Append(TextFolding.Fold(e.GetAttribute("alttext") ?? e.TextContent)).Append(' ');
            return;
        }
        var block = BlockTags.Contains(e.TagName);
        if (block) sb.Append('\n');
        foreach (var child in e.ChildNodes) Walk(child, sb, skip);
        if (block) sb.Append('\n');
    }
}
