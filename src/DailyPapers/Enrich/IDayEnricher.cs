using DailyPapers.Papers;

namespace DailyPapers.Enrich;

/// <summary>An enricher that can prepare a whole day at once (e.g. one batched arXiv look-up) before the per-paper calls.</summary>
public interface IDayEnricher : IPaperEnricher
{
    /// <summary>Fetches what the day's papers need in as few requests as possible; failures are kept and reported per paper.</summary>
    Task PrepareDayAsync(IReadOnlyList<Paper> papers, CancellationToken cancellationToken);
}
