using System.Security.Cryptography;
using System.Text;
using DailyPapers.Papers;

namespace DailyPapers.Deliver;

/// <summary>A paper as delivered: its rank in the day, its entry and its summary in the channel's language (or null).</summary>
public sealed record DeliveryPaper(int Rank, DailyEntry Entry, Summary? Summary)
{
    /// <summary>The paper's title on one line.</summary>
    public string Title => Entry.Paper.FoldedTitle;

    /// <summary>Every searchable text of the paper (title, abstract, summary), for the keyword filters.</summary>
    internal string SearchText => string.Join('\n', [Entry.Paper.Title, Entry.Paper.Abstract, .. Summary?.Sections.Select(s => s.Text) ?? []]);
}

/// <summary>A stored day as one channel carries it: the papers that pass its filters, in digest order.</summary>
public sealed record DeliveryDay(DateOnly Date, string Language, IReadOnlyList<DeliveryPaper> Papers, string? DayUrl)
{
    /// <summary>The papers of a ranked day that pass a channel's filters (votes, keywords, then the top N).</summary>
    internal static IReadOnlyList<DeliveryPaper> Filter(IReadOnlyList<DeliveryPaper> ranked, ChannelOptions o)
    {
        var include = ChannelOptions.List(o.Keywords);
        var exclude = ChannelOptions.List(o.ExcludeKeywords);
        var kept = ranked.Where(p => p.Entry.Upvotes >= o.MinVotes)
            .Where(p => include.Count == 0 || include.Any(k => p.SearchText.Contains(k, StringComparison.OrdinalIgnoreCase)))
            .Where(p => !exclude.Any(k => p.SearchText.Contains(k, StringComparison.OrdinalIgnoreCase)));
        return [.. o.Top > 0 ? kept.Take(o.Top) : kept];
    }
}

/// <summary>Hashes of what is sent, and the text helpers every channel shares.</summary>
internal static class DeliveryText
{
    /// <summary>A short stable hash of a message's content.</summary>
    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..32];

    /// <summary>The text cut to at most <paramref name="max"/> characters (an ellipsis marks the cut; no surrogate pair is split).</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var end = Math.Max(0, max - 1);
        if (end > 0 && char.IsHighSurrogate(text[end - 1])) end--;
        return string.Concat(text.AsSpan(0, end), "…");
    }

    /// <summary>The day's heading, e.g. "Daily Papers 2024-08-15".</summary>
    public static string Heading(DeliveryDay day) => $"Daily Papers {day.Date:yyyy-MM-dd}";

    /// <summary>"N papers (ko)".</summary>
    public static string Count(DeliveryDay day) => $"{day.Papers.Count} paper{(day.Papers.Count == 1 ? "" : "s")} ({day.Language})";

    /// <summary>The summary's sections, or a note saying why there is none.</summary>
    public static IReadOnlyList<SummarySection> Sections(DeliveryPaper p) =>
        p.Summary?.Sections ?? [new SummarySection("Summary", "No summary in this language yet.")];
}
