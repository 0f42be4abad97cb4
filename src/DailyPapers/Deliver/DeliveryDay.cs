using System.Security.Cryptography;
using System.Text;
using DailyPapers.Papers;
using DailyPapers.Publish;

namespace DailyPapers.Deliver;

/// <summary>A paper as delivered: its rank in the day and its published item (the summary to show, or why there is none).</summary>
public sealed record DeliveryPaper(int Rank, PublishedItem Item)
{
    /// <summary>The paper's day entry.</summary>
    public DailyEntry Entry => Item.Entry;

    /// <summary>The summary shown (possibly a fallback in another language), or null.</summary>
    public Summary? Summary => Item.Summary;

    /// <summary>The paper's title on one line.</summary>
    public string Title => Entry.Paper.FoldedTitle;

    /// <summary>Every searchable text of the paper (title, abstract, summary), for the keyword filters.</summary>
    internal string SearchText => string.Join('\n', [Entry.Paper.Title, Entry.Paper.Abstract, .. Summary?.Sections.Select(s => s.Text) ?? []]);
}

/// <summary>
/// A stored day as one channel carries it: the published day (built by <see cref="PublishedDayBuilder"/>, so dropped
/// summaries and fallbacks follow the site's rules) and the papers that pass the channel's filters, in digest order.
/// </summary>
public sealed record DeliveryDay(PublishedDay Published, IReadOnlyList<DeliveryPaper> Papers, string? DayUrl)
{
    /// <summary>The day.</summary>
    public DateOnly Date => Published.Date;

    /// <summary>The language of the summaries carried.</summary>
    public string Language => Published.Language ?? "";

    /// <summary>The day as a channel with <paramref name="o"/> carries it: votes, keywords, then the top N, ranks kept.</summary>
    public static DeliveryDay For(PublishedDay published, ChannelOptions o, string? dayUrl)
    {
        ArgumentNullException.ThrowIfNull(published);
        ArgumentNullException.ThrowIfNull(o);
        var include = ChannelOptions.List(o.Keywords);
        var exclude = ChannelOptions.List(o.ExcludeKeywords);
        var kept = published.Items.Select((item, i) => new DeliveryPaper(i + 1, item))
            .Where(p => p.Entry.Upvotes >= o.MinVotes)
            .Select(p => (Paper: p, Text: include.Count + exclude.Count > 0 ? p.SearchText : ""))
            .Where(p => include.Count == 0 || include.Any(k => p.Text.Contains(k, StringComparison.OrdinalIgnoreCase)))
            .Where(p => !exclude.Any(k => p.Text.Contains(k, StringComparison.OrdinalIgnoreCase)))
            .Select(p => p.Paper);
        return new DeliveryDay(published, [.. o.Top > 0 ? kept.Take(o.Top) : kept], dayUrl);
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

    /// <summary>
    /// <paramref name="text"/> escaped by <paramref name="escape"/> in at most <paramref name="room"/> characters: the
    /// plain text is cut before escaping, so no entity or tag is split.
    /// </summary>
    public static string EscapedWithin(string text, int room, Func<string, string> escape)
    {
        while (escape(text) is var escaped && escaped.Length > room && text.Length > 1)
            text = Cut(text, Math.Max(1, Math.Min(text.Length - 1, (int)((long)text.Length * room / escaped.Length)))); // escaping may grow text 5-fold
        return escape(text);
    }

    /// <summary>The day's heading, e.g. "Daily Papers 2024-08-15".</summary>
    public static string Heading(DeliveryDay day) => $"Daily Papers {day.Date:yyyy-MM-dd}";

    /// <summary>"N papers (ko)".</summary>
    public static string Count(DeliveryDay day) => $"{day.Papers.Count} paper{(day.Papers.Count == 1 ? "" : "s")} ({day.Language})";

    /// <summary>The summary's sections; a note first when it is a fallback; a note alone when there is none.</summary>
    public static IReadOnlyList<SummarySection> Sections(DeliveryPaper p) => p.Item switch
    {
        { Summary: null } i => [new SummarySection("Summary", $"Summary unavailable: {i.MissingReason}")],
        { IsFallback: true } i => [new SummarySection("Note", $"Shown in '{i.Summary!.Language}': {i.MissingReason}"), .. i.Summary.Sections],
        var i => i.Summary!.Sections,
    };
}
