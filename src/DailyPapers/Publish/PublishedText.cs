using System.Buffers;
using System.Text;
using DailyPapers.Papers;

namespace DailyPapers.Publish;

/// <summary>
/// What feed, paper and model text may carry into a published page, digest or feed: no NUL or other C0/C1 control
/// characters (line breaks and tabs stay) and no bidirectional embedding, override or isolate controls
/// (U+202A-U+202E, U+2066-U+2069), which can make a title read backwards or hide text (a "Trojan Source" trick).
/// </summary>
public static class PublishedText
{
    /// <summary>Whether <paramref name="c"/> is removed from published text.</summary>
    public static bool IsRemoved(char c) => Removed.Contains(c);

    private static readonly SearchValues<char> Removed = SearchValues.Create(
        [.. Range('\0', '\u001F').Where(c => c is not '\n' and not '\r' and not '\t'), .. Range('\u007F', '\u009F'), .. Range('\u202A', '\u202E'), .. Range('\u2066', '\u2069')]);

    private static IEnumerable<char> Range(char first, char last) => Enumerable.Range(first, last - first + 1).Select(i => (char)i);

    /// <summary><paramref name="text"/> without the characters <see cref="IsRemoved"/> names (the same instance when it has none).</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAny(Removed);
        if (first < 0) return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
            if (!IsRemoved(text[i])) sb.Append(text[i]);
        return sb.ToString();
    }

    /// <summary>The entry with its paper cleaned (see <see cref="Clean(Paper)"/>).</summary>
    public static DailyEntry Clean(DailyEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var paper = Clean(entry.Paper);
        return ReferenceEquals(paper, entry.Paper) ? entry : entry with { Paper = paper };
    }

    /// <summary>The paper with its title, authors, abstract and arXiv comments cleaned (the same instance when clean).</summary>
    public static Paper Clean(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        if (!Dirty(paper.Title) && !Dirty(paper.Abstract) && !Dirty(paper.Arxiv?.Comments) && !paper.Authors.Any(Dirty)) return paper;
        return paper with
        {
            Title = Clean(paper.Title),
            Abstract = Clean(paper.Abstract),
            Arxiv = paper.Arxiv is { Comments: { } comments } arxiv ? arxiv with { Comments = Clean(comments) } : paper.Arxiv,
            Authors = [.. paper.Authors.Select(Clean)],
        };
    }

    /// <summary>The summary with its section names and texts cleaned.</summary>
    public static Summary? Clean(Summary? summary)
    {
        if (summary is null || !summary.Sections.Any(s => Dirty(s.Name) || Dirty(s.Text))) return summary;
        return summary with { Sections = [.. summary.Sections.Select(s => new SummarySection(Clean(s.Name), Clean(s.Text)))] };
    }

    private static bool Dirty(string? text) => text is not null && text.AsSpan().ContainsAny(Removed);
}
