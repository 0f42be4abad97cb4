using System.Globalization;
using DailyPapers.Collect;
using DailyPapers.Enrich;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using DailyPapers.Summarize.Extractive;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Options;

namespace DailyPapers.Workers;

/// <summary>A run handed to the workers: its id, how many jobs, and whether it joined a run already queued.</summary>
public sealed record EnqueuedRun(long RunId, int Jobs, bool Joined, DayFeed Day);

/// <summary>
/// The enqueuing side of a worker run (<c>digest</c> with workers on): collects and stores the day under its run lock,
/// records the run and one item per paper and stage, and enqueues one Hangfire job per item (summaries continue their
/// paper's enrich job). The same request while a run of it is still open joins that run instead of enqueuing again.
/// </summary>
public sealed class DayQueue(IPaperStore store, CollectStage collect, SummarizerCatalog summarizers, IDayRanker ranker, WorkLedger ledger,
    IBackgroundJobClient jobs, IEnumerable<IPaperEnricher> enrichers, DayFetcher fetcher, DayPublisher publisher, IOptions<WorkersOptions> options, TimeProvider time)
{
    /// <summary>Collects the day and enqueues its jobs (or joins the open run of the same request).</summary>
    public async Task<EnqueuedRun> EnqueueAsync(DigestRequest request, string? outPath, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Top is <= 0) throw new ArgumentException($"--top must be 1 or more, got {request.Top}");
        var summarizer = summarizers.Get(request.Summarizer);
        await using var dayLock = store is IDayRunLock locks
            ? await locks.AcquireDayAsync(request.Date, "digest (enqueuing for workers)", cancellationToken).ConfigureAwait(false)
            : null;
        var (day, snapshot) = await collect.CollectAndStoreAsync(request.Date, request.Source, progress, cancellationToken).ConfigureAwait(false);

        var work = new WorkRequest(request.Date, request.Languages, summarizer.Name)
        {
            Top = request.Top,
            OutPath = outPath is null ? null : Path.GetFullPath(outPath),
            Problems = day.Problems,
        };
        if (await ledger.FindOpenRunAsync(work, cancellationToken).ConfigureAwait(false) is { } open)
            return new EnqueuedRun(open, 0, Joined: true, day);
        return await StartRunAsync(work, await ItemsAsync(request, summarizer, day, snapshot, cancellationToken).ConfigureAwait(false), day, enrich: !snapshot, cancellationToken).ConfigureAwait(false);
    }

    // One item per paper and stage: enrich (unless the day is the offline snapshot), then a summary per language.
    private async Task<List<WorkItem>> ItemsAsync(DigestRequest request, ISummarizer summarizer, DayFeed day, bool snapshot, CancellationToken cancellationToken)
    {
        // Cost cascade: the model for the best-ranked papers only, as in an in-process run.
        var offline = request.Top is null ? summarizer : summarizers.Get(ExtractiveSummarizer.SummarizerName);
        var modelIds = request.Top is { } top && !ReferenceEquals(offline, summarizer)
            ? (await (request.Ranker ?? ranker).RankAsync(day, cancellationToken).ConfigureAwait(false)).Entries.Take(top).Select(e => e.Paper.ArxivId).ToHashSet(StringComparer.Ordinal)
            : null;
        var items = new List<WorkItem>();
        foreach (var entry in day.Ranked)
        {
            var id = entry.Paper.ArxivId;
            if (!snapshot) items.Add(new WorkItem(id, WorkItem.Enrich, "", ""));
            var name = modelIds is null || modelIds.Contains(id) ? summarizer.Name : offline.Name;
            items.AddRange(request.Languages.Select(l => new WorkItem(id, WorkItem.Summarize, l, name)));
        }
        return items;
    }

    // Records the run and its items, enqueues their jobs, and marks the run enqueued.
    private async Task<EnqueuedRun> StartRunAsync(WorkRequest work, IReadOnlyList<WorkItem> items, DayFeed day, bool enrich, CancellationToken cancellationToken)
    {
        var runId = await ledger.CreateRunAsync(work, items, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        EnqueueJobs(runId, items, enrich);
        await ledger.MarkEnqueuedAsync(runId, cancellationToken).ConfigureAwait(false);
        return new EnqueuedRun(runId, items.Count, Joined: false, day);
    }

    /// <summary>
    /// <c>fetch</c> with workers on: reads and stores the day in this process (as an in-process fetch does, under the
    /// day's lock), then enqueues its enrichment: the day's batched lookups, then one enrich job per paper; no summary.
    /// A day that cannot be had comes back as its report (no papers, or failed) with no run.
    /// </summary>
    public async Task<(EnqueuedRun? Run, FetchReport? Report)> EnqueueFetchAsync(DateOnly date, IDaySource? source, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        EnqueuedRun? run = null;
        var (_, report) = await fetcher.StoreDayAsync(date, source, progress, async day =>
        {
            var work = new WorkRequest(date, [], "") { Problems = day.Problems };
            run = await ledger.FindOpenRunAsync(work, cancellationToken).ConfigureAwait(false) is { } open
                ? new EnqueuedRun(open, 0, Joined: true, day)
                : await StartRunAsync(work, [.. day.Entries.Select(e => new WorkItem(e.Paper.ArxivId, WorkItem.Enrich, "", ""))], day, enrich: true, cancellationToken).ConfigureAwait(false);
            return null;
        }, cancellationToken).ConfigureAwait(false);
        return (run, report);
    }

    // One Hangfire job per item: the day's batched lookups first (arXiv metadata for all its papers in a few requests),
    // each enrich job continuing it whatever its end (a failed lookup only leaves its papers to their own jobs), and
    // each summary continuing its paper's enrich job.
    private void EnqueueJobs(long runId, IReadOnlyList<WorkItem> items, bool enrich)
    {
        var queue = options.Value.Queue;
        var prepare = enrich && enrichers.Any(e => e.Enabled && e is IDayEnricher)
            ? jobs.Create(Job.FromExpression<DayJobs>(j => j.PrepareDayAsync(runId, CancellationToken.None)), new EnqueuedState(queue))
            : null;
        foreach (var paper in items.GroupBy(i => i.ArxivId))
        {
            var id = paper.Key;
            var enrichJob = Job.FromExpression<DayJobs>(j => j.EnrichAsync(runId, id, CancellationToken.None));
            var enriched = !enrich ? null : jobs.Create(enrichJob, prepare is null ? new EnqueuedState(queue)
                : new AwaitingState(prepare, new EnqueuedState(queue), JobContinuationOptions.OnAnyFinishedState));
            foreach (var language in paper.Where(i => i.Stage == WorkItem.Summarize).Select(i => i.Language))
            {
                var summarize = Job.FromExpression<DayJobs>(j => j.SummarizeAsync(runId, id, language, CancellationToken.None));
                // A summary continues its paper's enrich job (which always succeeds: an enrichment failure is a warning).
                jobs.Create(summarize, enriched is null ? new EnqueuedState(queue)
                    : new AwaitingState(enriched, new EnqueuedState(queue), JobContinuationOptions.OnlyOnSucceededState));
            }
        }
    }

    /// <summary>The run's row.</summary>
    public async Task<WorkRun> GetRunAsync(long runId, CancellationToken cancellationToken) =>
        await ledger.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"run {runId} is not in work_runs"));

    /// <summary>Waits until the workers published the run, reporting each newly finished item; then the digests and the report.</summary>
    public async Task<AssembledRun> WaitAsync(long runId, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        var reported = 0;
        while (true)
        {
            var run = await ledger.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"run {runId} is not in work_runs"));
            if (run.Finished != reported)
            {
                reported = run.Finished;
                progress?.Report(new RunProgress("workers", run.Finished, run.Total, string.Create(CultureInfo.InvariantCulture, $"run {runId}: {run.Finished} of {run.Total} jobs finished")));
            }
            if (run.PublishedAt is not null)
                return await publisher.AssembleAsync(run, await ledger.GetItemsAsync(runId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
