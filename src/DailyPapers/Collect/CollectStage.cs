using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Collect;

/// <summary>A collected day and whether it is a frozen offline snapshot (which is never enriched).</summary>
public sealed record CollectedDay(DayFeed Day, bool Snapshot);

/// <summary>
/// The collect stage: a day from an explicit source, else the store, else the default sources in order. A live source
/// that has the day replaces a stored offline snapshot; when only a snapshot can be had, the stored one is kept.
/// </summary>
public sealed class CollectStage(IPaperStore store, IEnumerable<IDaySource> defaultSources)
{
    private readonly IReadOnlyList<IDaySource> _sources = [.. defaultSources];

    /// <summary>Collects the day with progress and stores it: the first step of a digest, in-process or enqueued for workers.</summary>
    public async Task<CollectedDay> CollectAndStoreAsync(DateOnly date, IDaySource? source, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new RunProgress("collect", 0, 1, $"reading {date:yyyy-MM-dd}"));
        var collected = await CollectAsync(date, source, progress, cancellationToken).ConfigureAwait(false);
        await store.SaveDayAsync(collected.Day, cancellationToken).ConfigureAwait(false);
        progress?.Report(new RunProgress("collect", 1, 1, $"{collected.Day.Entries.Count} papers"));
        return collected;
    }

    /// <summary>The day; throws <see cref="DayNotFoundException"/> or <see cref="SourceException"/> when none can be had.</summary>
    public async Task<CollectedDay> CollectAsync(DateOnly date, IDaySource? source, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        if (source is not null)
        {
            var day = Usable(await source.GetDayAsync(date, cancellationToken).ConfigureAwait(false), source.Name);
            return new CollectedDay(day, day.IsSnapshot);
        }
        var stored = await store.GetDayAsync(date, cancellationToken).ConfigureAwait(false);
        if (stored is { IsSnapshot: false })
            return new CollectedDay(stored, false);
        var misses = new List<string>();
        var unavailable = new List<string>(); // listed after the misses: the network is the lesser news offline
        foreach (var candidate in _sources)
        {
            try
            {
                var day = Usable(await candidate.GetDayAsync(date, cancellationToken).ConfigureAwait(false), candidate.Name);
                return day.IsSnapshot && stored is not null ? new CollectedDay(stored, true) : new CollectedDay(day, day.IsSnapshot);
            }
            catch (DayNotFoundException ex)
            {
                misses.Add(ex.Message);
            }
            catch (SourceUnavailableException ex)
            {
                unavailable.Add(ex.Message);
                progress?.Report(new RunProgress("collect", 0, 1, $"{ex.Message}; trying the next source"));
            }
        }
        if (stored is not null)
            return new CollectedDay(stored, true);
        misses.AddRange(unavailable);
        throw new DayNotFoundException(misses.Count > 0 ? string.Join("; ", misses) : $"no source holds {date:yyyy-MM-dd}");
    }

    private static DayFeed Usable(DayFeed day, string sourceName)
    {
        if (day.Entries.Count == 0 && day.Problems.Count > 0)
            throw new SourceException($"{sourceName}: no readable paper for {day.Date:yyyy-MM-dd}: {string.Join("; ", day.Problems.Select(p => p.ToString()))}");
        if (day.Entries.Count == 0)
            throw new DayNotFoundException($"{sourceName}: no papers on {day.Date:yyyy-MM-dd}");
        return day;
    }
}
