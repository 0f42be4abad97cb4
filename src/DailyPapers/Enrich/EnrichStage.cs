using System.Collections.Concurrent;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Enrich;

/// <summary>
/// The enrich stage: every enabled enricher on every paper of a day, in registration order, then the day stored
/// (unless no enricher changed a paper).
/// An enricher that fails adds a warning for that paper; the paper goes on with what it has.
/// </summary>
public sealed class EnrichStage(IPaperStore store, IEnumerable<IPaperEnricher> enrichers)
{
    private readonly IReadOnlyList<IPaperEnricher> _enrichers = [.. enrichers.Where(e => e.Enabled)];

    /// <summary>The enriched day (also saved); failures are added to <paramref name="warnings"/>.</summary>
    public async Task<DayFeed> EnrichAsync(DayFeed day, ConcurrentBag<PaperWarning> warnings, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(warnings);
        if (_enrichers.Count == 0) return day;
        foreach (var dayEnricher in _enrichers.OfType<IDayEnricher>()) // one batched request for the day where possible
            await dayEnricher.PrepareDayAsync([.. day.Entries.Select(e => e.Paper)], cancellationToken).ConfigureAwait(false);
        var entries = new List<DailyEntry>(day.Entries.Count);
        var changed = false;
        foreach (var entry in day.Entries)
        {
            var paper = entry.Paper;
            foreach (var enricher in _enrichers)
            {
                try
                {
                    paper = await enricher.EnrichAsync(paper, cancellationToken).ConfigureAwait(false);
                }
                catch (EnrichmentException ex)
                {
                    warnings.Add(new PaperWarning(paper.ArxivId, enricher.Name, ex.Message));
                }
            }
            changed |= !ReferenceEquals(paper, entry.Paper);
            entries.Add(ReferenceEquals(paper, entry.Paper) ? entry : entry with { Paper = paper });
            progress?.Report(new RunProgress("enrich", entries.Count, day.Entries.Count, paper.ArxivId));
        }
        if (!changed) return day; // every enricher returned its paper as it was: the stored day is already this one
        var enriched = day with { Entries = entries };
        await store.SaveDayAsync(enriched, cancellationToken).ConfigureAwait(false);
        return enriched;
    }
}
