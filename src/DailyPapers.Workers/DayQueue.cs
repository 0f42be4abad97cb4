using System.Globalization;
using DailyPapers.Collect;
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
    IBackgroundJobClient jobs, DayPublisher publisher, IOptions<WorkersOptions> options, TimeProvider time)
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
        var runId = await ledger.CreateRunAsync(work, items, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (var paper in items.GroupBy(i => i.ArxivId))
        {
            var id = paper.Key;
            var enrich = snapshot ? null : jobs.Create(Job.FromExpression<DayJobs>(j => j.EnrichAsync(runId, id, CancellationToken.None)), new EnqueuedState(options.Value.Queue));
            foreach (var language in paper.Where(i => i.Stage == WorkItem.Summarize).Select(i => i.Language))
            {
                var summarize = Job.FromExpression<DayJobs>(j => j.SummarizeAsync(runId, id, language, CancellationToken.None));
                // A summary continues its paper's enrich job (which always succeeds: an enrichment failure is a warning).
                jobs.Create(summarize, enrich is null ? new EnqueuedState(options.Value.Queue)
                    : new AwaitingState(enrich, new EnqueuedState(options.Value.Queue), JobContinuationOptions.OnlyOnSucceededState));
            }
        }
        await ledger.MarkEnqueuedAsync(runId, cancellationToken).ConfigureAwait(false);
        return new EnqueuedRun(runId, items.Count, Joined: false, day);
    }

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
