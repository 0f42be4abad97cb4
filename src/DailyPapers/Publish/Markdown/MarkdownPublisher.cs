using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Publish.Markdown;

/// <summary>
/// Writes a digest in the reference layout: <c>## Daily Papers (date)</c>, then per paper the linked title,
/// thumbnail (or a video block), <c>Vote:</c>, <c>Authors:</c> and one bullet per summary section.
/// </summary>
public static partial class MarkdownPublisher
{
    /// <summary>The heading that opens a day's block.</summary>
    public static string Heading(DateOnly date) => $"## Daily Papers ({date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})";

    /// <summary>The whole day's block, ending in a blank line.</summary>
    public static string Render(Digest digest) => Render(PublishedDay.From(digest));

    /// <summary>The whole day's block for a published day (its items as <see cref="PublishedDayBuilder"/> chose them), ending in a blank line.</summary>
    public static string Render(PublishedDay digest) => Render(digest, null);

    /// <summary>
    /// The day's block with a note in italics under each title whose arXiv id <paramref name="notes"/> holds (a profile's
    /// reasons for the rank), items in the order given.
    /// </summary>
    public static string Render(PublishedDay digest, IReadOnlyDictionary<string, string>? notes)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var sb = new StringBuilder();
        sb.Append(Heading(digest.Date)).Append("\n\n");
        if (digest.Language is not null && digest.SubstitutedLanguages.Count > 0)
        {
            sb.Append("> Summaries are in ").Append(string.Join(", ", digest.SubstitutedLanguages.Select(Text.LanguageNames.Describe)))
              .Append(", not ").Append(Text.LanguageNames.Describe(digest.Language))
              .Append(": the offline summarizer quotes each abstract and does not translate. Configure an LLM to get ")
              .Append(Text.LanguageNames.English(digest.Language)).Append(" summaries.\n\n");
        }
        foreach (var item in digest.Items)
            RenderItem(sb, item, notes?.GetValueOrDefault(item.Entry.Paper.ArxivId));
        return sb.ToString();
    }

    private static void RenderItem(StringBuilder sb, PublishedItem item, string? note)
    {
        var entry = item.Entry;
        var paper = entry.Paper;
        sb.Append("### [").Append(EscapeInline(paper.FoldedTitle)).Append("](").Append(paper.AbsUrl).Append(")\n\n");
        if (!string.IsNullOrWhiteSpace(note))
            sb.Append('*').Append(EscapeInline(note).Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)).Append("*\n\n");
        if (SafeUrl(entry.MediaUrl) is { } media)
        {
            if (entry.MediaIsVideo)
                sb.Append("<video src=\"").Append(WebUtility.HtmlEncode(media)).Append("\" controls muted playsinline></video>\n\n");
            else
                sb.Append("![](").Append(media).Append(")\n\n");
        }
        sb.Append("Vote: ").Append(entry.Upvotes.ToString(CultureInfo.InvariantCulture)).Append("\n\n");
        if (entry.Listed is { } listed) // arXiv listings and mixed days say where each paper came from
            sb.Append("Listed: ").Append(EscapeInline(listed)).Append("\n\n");
        sb.Append("Authors: ").Append(EscapeInline(string.Join(", ", paper.Authors))).Append("\n\n");
        if (item.Summary is { } summary)
        {
            if (item.IsFallback)
                sb.Append("*").Append(EscapeInline($"{item.MissingReason}; shown in '{summary.Language}' instead.")).Append("*\n\n");
            foreach (var section in summary.Sections)
                sb.Append("- **").Append(section.Name).Append("**: ").Append(EscapeBlock(section.Text)).Append('\n');
            FindingsMarkdown.Append(sb, summary);
        }
        else
        {
            sb.Append("- **Summary unavailable**: ").Append(EscapeInline(item.MissingReason ?? "not summarized")).Append('\n');
        }
        sb.Append('\n');
    }

    /// <summary>An http(s) URL with characters that would end a Markdown link or attribute percent-encoded; null otherwise.</summary>
    internal static string? SafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) return null;
        return uri.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)
            .Replace("\"", "%22", StringComparison.Ordinal).Replace(" ", "%20", StringComparison.Ordinal);
    }

    // Feed and model text must not become markup: raw HTML and brackets (a link, or the end of the title's link) are escaped.
    private static string EscapeInline(string text)
    {
        var folded = TextFolding.Fold(text);
        var sb = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            if (ch is '<' or '>' or '[' or ']' or '\\') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }

    // Section text keeps its Markdown (bold, numbered lists, as the reference has) but no raw HTML, no line that
    // reads as a heading (a model-written "## Daily Papers (...)" would split the day's block in an archive file),
    // and no link target other than http(s).
    private static string EscapeBlock(string text)
    {
        var escaped = text.Trim().Replace("\r\n", "\n", StringComparison.Ordinal)
            .Replace("<", "\\<", StringComparison.Ordinal).Replace(">", "\\>", StringComparison.Ordinal);
        escaped = HeadingLine().Replace(escaped, "$1\\#");
        return UnsafeLinkTarget().Replace(escaped, "]\\(");
    }

    [GeneratedRegex(@"^([ \t]*)#", RegexOptions.Multiline)]
    private static partial Regex HeadingLine();

    [GeneratedRegex(@"\]\((?!\s*https?://)", RegexOptions.IgnoreCase)]
    private static partial Regex UnsafeLinkTarget();
}
