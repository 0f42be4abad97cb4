using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
        var entries = new List<DailyEntry>(day?.Entries.Count ?? 0);
        await foreach (var entry in EnrichEachAsync(day!, Task.CompletedTask, warnings, progress, cancellationToken).ConfigureAwait(false))
            entries.Add(entry);
        return await SaveAsync(day!, entries, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Each entry of <paramref name="day"/> as soon as it is enriched, in feed order, so later stages can start on
    /// the first papers while the rest are enriched; <see cref="SaveAsync"/> stores the result. Failures are added
    /// to <paramref name="warnings"/>; an entry no enricher changed is returned as it was (the same record). An
    /// enricher that writes to the store runs only once <paramref name="dayStored"/> (the write of the day's papers) has ended.
    /// </summary>
    public async IAsyncEnumerable<DailyEntry> EnrichEachAsync(DayFeed day, Task dayStored, ConcurrentBag<PaperWarning> warnings, IProgress<RunProgress>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(dayStored);
        ArgumentNullException.ThrowIfNull(warnings);
        if (_enrichers.Count > 0)
        {
            foreach (var dayEnricher in _enrichers.OfType<IDayEnricher>()) // one batched request for the day where possible
                await dayEnricher.PrepareDayAsync([.. day.Entries.Select(e => e.Paper)], cancellationToken).ConfigureAwait(false);
        }
        var done = 0;
        foreach (var entry in day.Entries)
        {
            var paper = entry.Paper;
            foreach (var enricher in _enrichers)
            {
                if (enricher.WritesToStore) await dayStored.ConfigureAwait(false);
                try
                {
                    paper = await enricher.EnrichAsync(paper, cancellationToken).ConfigureAwait(false);
                }
                catch (EnrichmentException ex)
                {
                    warnings.Add(new PaperWarning(paper.ArxivId, enricher.Name, ex.Message));
                }
            }
            if (_enrichers.Count > 0) progress?.Report(new RunProgress("enrich", ++done, day.Entries.Count, paper.ArxivId));
            yield return ReferenceEquals(paper, entry.Paper) ? entry : entry with { Paper = paper };
        }
    }

    /// <summary>
    /// <paramref name="day"/> with the <paramref name="enriched"/> entries (those of <see cref="EnrichEachAsync"/>),
    /// stored unless no enricher changed a paper (the stored day is already this one).
    /// </summary>
    public async Task<DayFeed> SaveAsync(DayFeed day, IReadOnlyList<DailyEntry> enriched, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(enriched);
        var changed = false;
        for (var i = 0; i < enriched.Count; i++)
            changed |= !ReferenceEquals(enriched[i], day.Entries[i]);
        if (!changed) return day;
        var result = day with { Entries = enriched };
        await store.SaveDayAsync(result, cancellationToken).ConfigureAwait(false);
        return result;
    }
}
