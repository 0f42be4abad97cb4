using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Papers;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DailyPapers.Verify.Audit;

/// <summary>
/// A paper's summary as read back from a Markdown digest. <see cref="SectionLines"/> holds the 1-based line
/// each section starts on (parallel to <paramref name="Sections"/>); <see cref="Unnamed"/> is true for the
/// plain-bullet layout, where each bullet is read as a section called "bullet N" and no section has its name.
/// </summary>
/// <param name="ArxivId">The paper's arXiv id.</param>
/// <param name="Title">The paper's title as written in its heading.</param>
/// <param name="Date">The day of the digest block the paper is under, when known.</param>
/// <param name="Sections">The summary's sections in order.</param>
/// <param name="Line">The 1-based line of the paper's heading.</param>
public sealed record DigestEntry(string ArxivId, string Title, DateOnly? Date, IReadOnlyList<SummarySection> Sections, int Line)
{
    /// <summary>The 1-based line each section starts on; empty when unknown.</summary>
    public IReadOnlyList<int> SectionLines { get; init; } = [];

    /// <summary>True when the summary is plain bullets without section names (the older layout).</summary>
    public bool Unnamed { get; init; }

    /// <summary>The 1-based line of <paramref name="text"/> in section <paramref name="section"/>, else the section's or the heading's line.</summary>
    public int LineOf(string section, string text)
    {
        for (var i = 0; i < Sections.Count && i < SectionLines.Count; i++)
        {
            if (Sections[i].Name != section) continue;
            var at = string.IsNullOrEmpty(text) ? -1 : Sections[i].Text.IndexOf(text, StringComparison.Ordinal);
            return SectionLines[i] + (at < 0 ? 0 : Sections[i].Text.AsSpan(0, at).Count('\n'));
        }
        return Line;
    }
}

/// <summary>A digest read back: its papers and the lines that could not be read (each with its line number).</summary>
public sealed record DigestDocument(IReadOnlyList<DigestEntry> Entries, IReadOnlyList<string> Problems);

/// <summary>
/// Reads a Markdown digest on Markdig's syntax tree. Papers are <c>### [Title](https://arxiv.org/abs/ID)</c>
/// headings (titles may hold brackets or parentheses) under <c>## Daily Papers (date)</c>; a paper's summary is its
/// list items: <c>- **Section**: text</c>, <c>- ***Section***: text</c> (bold italic; a curly apostrophe in the
/// name is read as a straight one), or plain bullets without names. A numbered list right after a named bullet
/// belongs to that section. Blockquotes (verification flags), images, votes and author lines are not summary text.
/// A heading that cannot be read is reported with its line and the rest of the file is read on.
/// </summary>
public static partial class DigestMarkdownReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    /// <summary>Every paper of the digest in order, and the lines that could not be read.</summary>
    public static DigestDocument ReadDocument(string markdown, string name)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal);
        var document = Markdown.Parse(text, Pipeline);
        var entries = new List<DigestEntry>();
        var problems = new List<string>();
        DateOnly? date = null;
        Paper? paper = null;

        void End()
        {
            if (paper is { } p) entries.Add(p.ToEntry(date));
            paper = null;
        }

        foreach (var block in document)
        {
            switch (block)
            {
                case HeadingBlock { Level: <= 2 } h:
                    End();
                    if (DayHeading().Match(Source(text, h)) is { Success: true } day)
                        date = DateOnly.ParseExact(day.Groups["d"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    break;
                case HeadingBlock h:
                    End();
                    if (PaperOf(h) is { } found) paper = new Paper(found.Id, found.Title, h.Line + 1);
                    else problems.Add($"{name}:{h.Line + 1}: a paper heading without an arXiv link (expected ### [Title](https://arxiv.org/abs/ID)), skipped: {Source(text, h).Trim()}");
                    break;
                case ListBlock list when paper is not null:
                    foreach (var item in list.OfType<ListItemBlock>())
                        paper.Add(text, item, list.IsOrdered);
                    break;
            }
        }
        End();
        return new DigestDocument(entries, problems);
    }

    /// <summary>Every paper of the digest in order; a heading that cannot be read throws <see cref="FormatException"/> naming the line.</summary>
    public static IReadOnlyList<DigestEntry> Read(string markdown, string name)
    {
        var doc = ReadDocument(markdown, name);
        if (doc.Problems.Count > 0) throw new FormatException(doc.Problems[0]);
        return doc.Entries;
    }

    private static (string Id, string Title)? PaperOf(HeadingBlock heading)
    {
        if (heading.Inline is null) return null;
        foreach (var link in heading.Inline.Descendants<LinkInline>())
        {
            if (link.IsImage || link.Url is null) continue;
            var m = ArxivUrl().Match(link.Url);
            if (m.Success && ArxivId.TryParse(m.Groups["id"].Value, out var id))
                return (id.Id, PlainText(link).Trim());
        }
        return null;
    }

    private static string PlainText(ContainerInline container)
    {
        var sb = new StringBuilder();
        foreach (var inline in container.Descendants<Inline>())
        {
            switch (inline)
            {
                case LiteralInline lit: sb.Append(lit.Content.ToString()); break;
                case CodeInline code: sb.Append(code.Content); break;
                case LineBreakInline: sb.Append(' '); break;
            }
        }
        return sb.ToString();
    }

    private static string Source(string text, Block block) =>
        block.Span.Start >= 0 && block.Span.End < text.Length ? text.Substring(block.Span.Start, block.Span.Length) : "";

    private sealed class Paper(string id, string title, int line)
    {
        private readonly List<(string? Name, StringBuilder Text, int Line)> _sections = [];

        public void Add(string text, ListItemBlock item, bool ordered)
        {
            var raw = item.Span.Start >= 0 && item.Span.End < text.Length ? text.Substring(item.Span.Start, item.Span.Length) : "";
            raw = ItemMarker().Replace(raw, "", 1);
            var lines = raw.Split('\n').Where(l => !l.TrimStart().StartsWith('>')).ToArray();
            var body = string.Join('\n', lines).Trim();
            var key = SectionKey().Match(body);
            // A numbered list right after a named bullet is that section's content, even when its items start bold.
            var continues = ordered && _sections.Count > 0 && _sections[^1].Name is not null;
            if (key.Success && !continues)
            {
                var sectionName = key.Groups["s"].Value.Replace('\u2019', '\'').Replace('\u2018', '\'').Trim().TrimEnd(':').Trim();
                _sections.Add((sectionName, new StringBuilder(body[key.Length..].Trim()), item.Line + 1));
            }
            else if (continues)
            {
                var marker = item.Parent is ListBlock { IsOrdered: true } l ? $"{item.Order}{l.OrderedDelimiter} " : "";
                _sections[^1].Text.Append('\n').Append(marker).Append(body);
            }
            else if (body.Length > 0)
            {
                _sections.Add((null, new StringBuilder(body), item.Line + 1));
            }
        }

        public DigestEntry ToEntry(DateOnly? date)
        {
            var unnamed = _sections.Count > 0 && _sections.All(s => s.Name is null);
            var sections = new List<SummarySection>();
            var lines = new List<int>();
            var bullet = 0;
            var introduces = false;
            foreach (var (name, body, at) in _sections)
            {
                bullet++;
                // A named section ending in a colon introduces a list: bullets with unknown bold names after it are
                // its items ("Technical Details: ...:" then "- **LLM**: ...", "- **Projector**: ..."), not sections.
                if (introduces && name is not null && !SectionNames.Required.Contains(name) && !SectionNames.Optional.Contains(name))
                {
                    sections[^1] = sections[^1] with { Text = sections[^1].Text + $"\n- **{name}**: {body}" };
                    continue;
                }
                introduces = name is not null && body.ToString().TrimEnd().EndsWith(':');
                // A stray unnamed bullet in a named summary belongs to the section before it.
                if (name is null && !unnamed && sections.Count > 0)
                {
                    sections[^1] = sections[^1] with { Text = sections[^1].Text + "\n" + body };
                    continue;
                }
                sections.Add(new SummarySection(name ?? $"bullet {bullet}", body.ToString().Trim()));
                lines.Add(at);
            }
            return new DigestEntry(id, title, date, sections, line) { SectionLines = lines, Unnamed = unnamed };
        }
    }

    [GeneratedRegex(@"^\s*##?\s+Daily Papers \((?<d>\d{4}-\d{2}-\d{2})\)\s*$")]
    private static partial Regex DayHeading();

    [GeneratedRegex(@"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(?<id>[^)\s?#]+?)(?:\.pdf)?/?$")]
    private static partial Regex ArxivUrl();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d{1,3}[.)])[ \t]?")]
    private static partial Regex ItemMarker();

    // **Key**: text, ***Key***: text, **Key:** text (the colon inside), with a straight or curly apostrophe.
    [GeneratedRegex(@"^(?<m>\*{2,3})(?<s>[^*\n]{1,80}?)(?::\k<m>|\k<m>\s*:)\s*")]
    private static partial Regex SectionKey();
}
