using DailyPapers.Papers;
using DailyPapers.Pipeline;

namespace DailyPapers.Rank;

/// <summary>
/// The cost cascade's ranking for <c>digest --profile NAME --top N</c>: the day ranked by the profile; when the profile
/// tells no paper from another (no library, and no keyword, author, category or exclusion matched), the
/// <paramref name="fallback"/> decides (votes, else keywords, else feed order).
/// </summary>
public sealed class ProfileDayRanker(ProfileRanker ranker, LoadedProfile profile, IDayRanker fallback) : IDayRanker
{
    /// <inheritdoc />
    public async Task<RankedDay> RankAsync(DayFeed day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        var entries = day.Entries.OrderBy(e => e.FeedOrder).DistinctBy(e => e.Paper.ArxivId, StringComparer.Ordinal).ToList();
        var ranking = await ranker.RankAsync(profile, [.. entries.Select(e => e.Paper)], cancellationToken).ConfigureAwait(false);
        if (ranking.Papers.Count == 0 || ranking.Papers.All(p => !p.Excluded && p.Score == ranking.Papers[0].Score))
        {
            var other = await fallback.RankAsync(day, cancellationToken).ConfigureAwait(false);
            return other with { Basis = $"{other.Basis} (profile '{profile.Name}' matched no paper)" };
        }
        var byId = entries.ToDictionary(e => e.Paper.ArxivId, StringComparer.Ordinal);
        return new RankedDay([.. ranking.Papers.Select(p => byId[p.Paper.ArxivId])], $"profile '{profile.Name}' ({ProfileRanking.Method(ranking, profile)})");
    }
}
