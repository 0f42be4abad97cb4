using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace DailyPapers.Web.Site;

/// <summary>Renders summary text (model output, untrusted) from Markdown with raw HTML disabled and only http(s) links.</summary>
public static class SummaryMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().Build();

    /// <summary>The HTML of <paramref name="markdown"/>: inline HTML is shown as text, non-http(s) link targets are removed.</summary>
    public static string ToHtml(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.Url is { } url && Html.SafeUrl(url) is null)
                link.Url = "";
        }
        // <scheme:...> autolinks are parsed even with HTML disabled: one that is not http(s) stays plain text.
        foreach (var autolink in document.Descendants<AutolinkInline>().ToList())
        {
            if (autolink.IsEmail || Html.SafeUrl(autolink.Url) is null)
                autolink.ReplaceBy(new LiteralInline("<" + autolink.Url + ">"));
        }
        return document.ToHtml(Pipeline).Trim();
    }

    /// <summary>The text of <paramref name="markdown"/> without its markup, on one line (a feed entry's plain-text summary).</summary>
    public static string ToPlainText(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = Markdown.ToPlainText(markdown, Pipeline);
        return string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>Like <see cref="ToHtml"/> without the wrapping paragraph, for one-line section texts.</summary>
    public static string ToInlineHtml(string markdown)
    {
        var html = ToHtml(markdown);
        return html.StartsWith("<p>", StringComparison.Ordinal) && html.EndsWith("</p>", StringComparison.Ordinal) && html.IndexOf("<p>", 3, StringComparison.Ordinal) < 0
            ? html[3..^4]
            : html;
    }
}
