using System.Text.RegularExpressions;
using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Pipeline;

/// <summary>A day's papers best first, and what decided the order (for the run report).</summary>
public sealed record RankedDay(IReadOnlyList<DailyEntry> Entries, string Basis);

/// <summary>
/// Orders a day's papers by interest, so a cost cascade (<c>digest --top N</c>) spends the model on the first N.
/// The seam a personal-profile ranker replaces: register another <see cref="IDayRanker"/> before the core's.
/// </summary>
public interface IDayRanker
{
    /// <summary>The day's entries, best first (every entry once).</summary>
    Task<RankedDay> RankAsync(DayFeed day, CancellationToken cancellationToken);
}

/// <summary>
/// The default ranking: by votes when the day has any (Hugging Face), else by how often the
/// <c>DailyPapers:Digest:Keywords</c> occur in title (counted twice) and abstract, else in feed order; ties keep feed order.
/// </summary>
public sealed class VotesThenKeywordsRanker(IOptions<DigestOptions> options) : IDayRanker
{
    /// <inheritdoc />
    public Task<RankedDay> RankAsync(DayFeed day, CancellationToken cancellationToken) => Task.FromResult(Rank(day));

    /// <summary>The ranking, computed at once (nothing here waits).</summary>
    public RankedDay Rank(DayFeed day)
    {
        ArgumentNullException.ThrowIfNull(day);
        var inFeedOrder = day.Entries.OrderBy(e => e.FeedOrder).ToList();
        if (inFeedOrder.Any(e => e.Upvotes > 0))
            return new([.. inFeedOrder.OrderByDescending(e => e.Upvotes)], "votes");
        var keywords = DigestOptions.ParseKeywords(options.Value.Keywords);
        if (keywords.Count == 0)
            return new(inFeedOrder, "feed order (no votes, no DailyPapers:Digest:Keywords)");
        var patterns = keywords.Select(k => new Regex(@"(?<!\w)" + Regex.Escape(k) + @"(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToList();
        int Score(DailyEntry e)
        {
            var title = e.Paper.FoldedTitle;
            var text = e.Paper.Abstract;
            return patterns.Sum(p => 2 * p.Count(title) + p.Count(text));
        }
        var scored = inFeedOrder.Select(e => (Entry: e, Score: Score(e))).ToList();
        return new([.. scored.OrderByDescending(s => s.Score).Select(s => s.Entry)], $"keywords ({string.Join(", ", keywords)})");
    }
}
