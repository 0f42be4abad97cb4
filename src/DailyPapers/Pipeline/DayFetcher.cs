using System.Collections.Concurrent;
using DailyPapers.Collect;
using DailyPapers.Collect.Http;
using DailyPapers.Enrich;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Pipeline;

/// <summary>
/// Fetches days into the store without summarizing: collect (the live API unless a source is given), store, enrich,
/// store again. One day failing never stops the others.
/// </summary>
public sealed class DayFetcher(IPaperStore store, IFetchLog log, EnrichStage enrich, [FromKeyedServices(DaySources.Live)] IDaySource live, TimeProvider time)
{
    /// <summary>Where a fetch reads when no source is given (the live Hugging Face API).</summary>
    public string DefaultSourceName => live.Name;

    /// <summary>Fetches every day from <paramref name="from"/> to <paramref name="to"/> inclusive, oldest first.</summary>
    public async Task<IReadOnlyList<FetchReport>> FetchRangeAsync(DateOnly from, DateOnly to, IDaySource? source, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        if (to < from) throw new ArgumentException($"--to {to:yyyy-MM-dd} is before --from {from:yyyy-MM-dd}");
        var reports = new List<FetchReport>();
        for (var d = from; d <= to; d = d.AddDays(1))
            reports.Add(await FetchAsync(d, source, progress, cancellationToken).ConfigureAwait(false));
        return reports;
    }

    /// <summary>Fetches one day and records the outcome in the fetch log.</summary>
    public async Task<FetchReport> FetchAsync(DateOnly date, IDaySource? source, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var (day, report) = await StoreDayAsync(date, source, progress, async day =>
        {
            var warnings = new ConcurrentBag<PaperWarning>();
            day = await enrich.EnrichAsync(day, warnings, progress, cancellationToken).ConfigureAwait(false);
            var order = day.Entries.Select((e, i) => (e.Paper.ArxivId, i)).ToDictionary(x => x.ArxivId, x => x.i);
            return Stored(day, [.. warnings.OrderBy(w => order.GetValueOrDefault(w.ArxivId)).ThenBy(w => w.Stage, StringComparer.Ordinal)]);
        }, cancellationToken).ConfigureAwait(false);
        report = report! with { StartedAt = started, FinishedAt = time.GetUtcNow() };
        await log.SaveFetchAsync(report, cancellationToken).ConfigureAwait(false);
        progress?.Report(new RunProgress("fetch", 1, 1, $"{date:yyyy-MM-dd}: {Describe(report)}"));
        return report;
    }

    /// <summary>
    /// The collecting half of a fetch: reads the day (the live API unless a source is given) under the day's lock,
    /// stores it (keeping arXiv metadata already stored), then, still under the lock, hands it to
    /// <paramref name="then"/> (the enrichment in this process, or the enqueuing of the workers' jobs). A day that
    /// cannot be had is a report with no day: no papers that day, or failed with the reason.
    /// </summary>
    public async Task<(DayFeed? Day, FetchReport? Report)> StoreDayAsync(DateOnly date, IDaySource? source, IProgress<RunProgress>? progress,
        Func<DayFeed, Task<FetchReport?>> then, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(then);
        source ??= live;
        progress?.Report(new RunProgress("fetch", 0, 1, $"{date:yyyy-MM-dd} from {source.Name}"));
        IAsyncDisposable? dayLock = null;
        try
        {
            // One run of a date at a time across every process sharing the store (the digest takes the same lock).
            if (store is IDayRunLock locks) dayLock = await locks.AcquireDayAsync(date, "fetch", cancellationToken).ConfigureAwait(false);
            var day = await source.GetDayAsync(date, cancellationToken).ConfigureAwait(false);
            if (day.Entries.Count == 0)
                return (null, new FetchReport(date, FetchStatus.Failed, 0, $"no readable paper: {string.Join("; ", day.Problems)}") { Problems = day.Problems });
            day = await ReuseStoredAsync(day, cancellationToken).ConfigureAwait(false);
            await store.SaveDayAsync(day, cancellationToken).ConfigureAwait(false);
            return (day, await then(day).ConfigureAwait(false));
        }
        catch (DayNotFoundException ex)
        {
            return (null, new FetchReport(date, FetchStatus.NoPapers, 0, ex.Message));
        }
        catch (Exception ex) when (ex is SourceUnavailableException or SourceException or DayBusyException)
        {
            return (null, new FetchReport(date, FetchStatus.Failed, 0, ex.Message));
        }
        finally
        {
            if (dayLock is not null) await dayLock.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The report of a day stored with its papers, its enrichment warnings (in day order) and unreadable records.</summary>
    public static FetchReport Stored(DayFeed day, IReadOnlyList<PaperWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(day);
        return new FetchReport(day.Date, FetchStatus.Stored, day.Entries.Count, null) { Warnings = warnings, Problems = day.Problems };
    }

    /// <summary>A one-line description of a report.</summary>
    public static string Describe(FetchReport r) => r.Status switch
    {
        FetchStatus.Stored => $"{r.Papers} papers stored" + (r.Warnings.Count > 0 ? $", {r.Warnings.Count} enrichment failures" : "") + (r.Problems.Count > 0 ? $", {r.Problems.Count} unreadable records" : "") + (r.Message is { } m ? $" ({m})" : ""),
        FetchStatus.NoPapers => r.Message ?? "no papers that day",
        _ => "FAILED: " + r.Message,
    };

    /// <summary>Keeps metadata already stored for a paper so a re-fetch does not ask arXiv again.</summary>
    private async Task<DayFeed> ReuseStoredAsync(DayFeed day, CancellationToken ct)
    {
        var entries = new List<DailyEntry>(day.Entries.Count);
        foreach (var entry in day.Entries)
        {
            var stored = await store.GetPaperAsync(entry.Paper.ArxivId, ct).ConfigureAwait(false);
            entries.Add(stored?.Arxiv is null ? entry : entry with
            {
                Paper = entry.Paper with { Arxiv = stored.Arxiv, Version = stored.Version ?? entry.Paper.Version, Links = LinkMerge.Merge(entry.Paper.Links, stored.Links) },
            });
        }
        return day with { Entries = entries };
    }
}
