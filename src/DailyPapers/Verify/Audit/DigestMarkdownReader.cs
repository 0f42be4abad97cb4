using System.Globalization;
using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Verify.Audit;

/// <summary>A paper's summary as read back from a Markdown digest.</summary>
public sealed record DigestEntry(string ArxivId, string Title, DateOnly? Date, IReadOnlyList<SummarySection> Sections, int Line);

/// <summary>
/// Reads a Markdown digest in the reference layout: <c>## Daily Papers (date)</c>, per paper
/// <c>### [Title](https://arxiv.org/abs/ID)</c> and <c>- **Section**: text</c> bullets, where a bullet continues
/// over the following lines (a numbered list inside a section) until the next bullet, heading or blank line.
/// Blockquotes (verification flags) and other lines are not summary text.
/// </summary>
public static partial class DigestMarkdownReader
{
    /// <summary>Every paper of the digest in order; a paper heading without a recognizable arXiv link throws <see cref="FormatException"/> naming the line.</summary>
    public static IReadOnlyList<DigestEntry> Read(string markdown, string name)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var entries = new List<DigestEntry>();
        DateOnly? date = null;
        (string Id, string Title, int Line)? paper = null;
        var sections = new List<SummarySection>();
        string? section = null;
        var text = new List<string>();
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

        void EndSection()
        {
            if (section is not null) sections.Add(new SummarySection(section, string.Join("\n", text).Trim()));
            section = null;
            text.Clear();
        }
        void EndPaper()
        {
            EndSection();
            if (paper is { } p) entries.Add(new DigestEntry(p.Id, p.Title, date, [.. sections], p.Line));
            paper = null;
            sections = [];
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (DayHeading().Match(line) is { Success: true } day)
            {
                EndPaper();
                date = DateOnly.ParseExact(day.Groups["d"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                EndPaper();
                var m = PaperHeading().Match(line);
                if (!m.Success || !ArxivId.TryParse(m.Groups["id"].Value, out var id))
                    throw new FormatException($"{name}:{i + 1}: a paper heading without an arXiv link (expected ### [Title](https://arxiv.org/abs/ID)): {line}");
                paper = (id.Id, Unescape(m.Groups["t"].Value), i + 1);
            }
            else if (line.StartsWith('#'))
            {
                EndPaper();
            }
            else if (paper is not null && Bullet().Match(line) is { Success: true } bullet)
            {
                EndSection();
                section = bullet.Groups["s"].Value.Trim();
                text.Add(bullet.Groups["t"].Value);
            }
            else if (section is not null && line.Trim().Length > 0 && !line.TrimStart().StartsWith('>'))
            {
                text.Add(line);
            }
            else
            {
                EndSection();
            }
        }
        EndPaper();
        return entries;
    }

    private static string Unescape(string title) => TitleEscape().Replace(title, "$1");

    [GeneratedRegex(@"^##\s+Daily Papers \((?<d>\d{4}-\d{2}-\d{2})\)\s*$")]
    private static partial Regex DayHeading();

    [GeneratedRegex(@"^###\s+\[(?<t>(?:\\.|[^\]\\])*)\]\(\s*https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/(?<id>[^)\s]+?)(?:\.pdf)?\s*\)")]
    private static partial Regex PaperHeading();

    [GeneratedRegex(@"^[-*]\s+\*\*(?<s>[^*]+)\*\*\s*:\s*(?<t>.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"\\([\[\]\\<>])")]
    private static partial Regex TitleEscape();
}
