using System.Text;
using DailyPapers.Papers;

namespace DailyPapers.Publish.Markdown;

/// <summary>
/// Shows a summary's verification findings under its bullets as a short blockquote: defects and warnings quoted
/// with their section, then the figures only the full text could confirm. Nothing is written for a clean summary.
/// </summary>
public static class FindingsMarkdown
{
    /// <summary>Appends the flags of <paramref name="summary"/>, preceded by a blank line, when it has findings.</summary>
    public static void Append(StringBuilder sb, Summary summary)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(summary);
        var flags = summary.Findings.Where(f => f.Severity > FindingSeverity.Unverified).ToList();
        var unverified = summary.Findings.Where(f => f.Severity == FindingSeverity.Unverified && f.Text.Length > 0).Select(f => f.Text).Distinct().ToList();
        if (flags.Count == 0 && unverified.Count == 0) return;
        sb.Append('\n');
        if (flags.Count > 0)
        {
            sb.Append("> **Verification flags**: ");
            sb.AppendJoin("; ", flags.Select(f => Escape(f.Kind + (f.Text.Length > 0 ? $" \"{Clip(f.Text)}\"" : "") + (f.Section.Length > 0 ? $" ({f.Section})" : "")
                + (f.Kind == Verify.FindingKinds.ScaleMismatch && f.SourcePassage is not null ? $", source: \"{Clip(f.SourcePassage)}\"" : ""))));
            sb.Append('\n');
        }
        if (flags.Count > 0 && unverified.Count > 0) sb.Append(">\n");
        if (unverified.Count > 0)
        {
            sb.Append("> **Unverified** (only the abstract was checked): ");
            sb.AppendJoin(", ", unverified.Select(t => Escape($"\"{Clip(t)}\"")));
            sb.Append('\n');
        }
    }

    private static string Clip(string s)
    {
        var folded = TextFolding.Fold(s.Replace('\n', ' '));
        return folded.Length > 60 ? folded[..60] + "…" : folded;
    }

    // Model and feed text must not become markup: escape what could open HTML, emphasis or links.
    private static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            if (ch is '<' or '>' or '[' or ']' or '*' or '_' or '`' or '\\') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
