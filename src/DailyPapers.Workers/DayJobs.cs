using System.Collections.Concurrent;
using System.Globalization;
using DailyPapers.Enrich;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Workers;

/// <summary>
/// The jobs a worker runs, one per paper and stage: enrich a paper, summarize (and verify) it in one language. Each
/// finishes its item once; the job that finishes a run's last item publishes the day. A job run twice (its worker died
/// after the work, before Hangfire heard) finds its item finished, or the summary in the cache, and does no work twice.
/// </summary>
public sealed partial class DayJobs(WorkLedger ledger, IPaperStore store, SummarizerCatalog summarizers, SummarizeStage summarize,
    IEnumerable<IPaperEnricher> enrichers, DayPublisher publisher, TimeProvider time, ILogger<DayJobs> logger)
{
    /// <summary>
    /// Runs before the run's enrich jobs (they continue it): the day enrichers' batched lookups (arXiv metadata: one
    /// request per batch of papers, not one per paper, under arXiv's 3 s rule) for every paper still to enrich, and
    /// stores what they added. It never fails its continuations: a paper left without (a failed batch, an id arXiv does
    /// not know) is looked up again, and reported, by its own enrich job.
    /// </summary>
    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Delete)] // deleted is finished: the enrich jobs go on
    public async Task PrepareDayAsync(long runId, CancellationToken cancellationToken)
    {
        var dayEnrichers = enrichers.Where(e => e.Enabled).OfType<IDayEnricher>().ToList();
        if (dayEnrichers.Count == 0) return;
        var run = await RunAsync(runId, cancellationToken).ConfigureAwait(false);
        var pending = (await ledger.GetItemsAsync(runId, cancellationToken).ConfigureAwait(false))
            .Where(i => i.Item.Stage == WorkItem.Enrich && i.Outcome is null).Select(i => i.Item.ArxivId).ToHashSet(StringComparer.Ordinal);
        var day = await store.GetDayAsync(run.Request.Date, cancellationToken).ConfigureAwait(false);
        if (day is null || pending.Count == 0) return;
        var papers = day.Entries.Select(e => e.Paper).Where(p => pending.Contains(p.ArxivId)).ToList();
        var changed = new Dictionary<string, Paper>(StringComparer.Ordinal);
        foreach (var enricher in dayEnrichers)
        {
            await enricher.PrepareDayAsync(papers, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < papers.Count; i++)
            {
                try
                {
                    var enriched = await enricher.EnrichAsync(papers[i], cancellationToken).ConfigureAwait(false);
                    if (ReferenceEquals(enriched, papers[i])) continue;
                    papers[i] = enriched;
                    changed[enriched.ArxivId] = enriched;
                }
                catch (EnrichmentException ex)
                {
                    LogLeftToItsJob(logger, runId, papers[i].ArxivId, enricher.Name, ex.Message);
                }
            }
        }
        if (store is not RelationalPaperStore relational) return;
        foreach (var paper in changed.Values)
            await relational.SavePaperAsync(paper, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "run {RunId}: {ArxivId} left to its own enrich job by the day's {Enricher} lookup: {Reason}")]
    private static partial void LogLeftToItsJob(ILogger logger, long runId, string arxivId, string enricher, string reason);

    /// <summary>Runs the enabled enrichers on one paper of the run and stores what they added.</summary>
    [AutomaticRetry(Attempts = 5)]
    public async Task EnrichAsync(long runId, string arxivId, CancellationToken cancellationToken)
    {
        var item = new WorkItem(arxivId, WorkItem.Enrich, "", "");
        if (await ledger.GetItemAsync(runId, arxivId, item.Stage, "", cancellationToken).ConfigureAwait(false) is { Outcome: null })
        {
            var warnings = new List<PaperWarning>();
            var paper = await store.GetPaperAsync(arxivId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"paper {arxivId} of run {runId} is not in the store");
            var enriched = paper;
            foreach (var enricher in enrichers.Where(e => e.Enabled))
            {
                try
                {
                    if (enricher is IDayEnricher day) await day.PrepareDayAsync([enriched], cancellationToken).ConfigureAwait(false);
                    enriched = await enricher.EnrichAsync(enriched, cancellationToken).ConfigureAwait(false);
                }
                catch (EnrichmentException ex)
                {
                    warnings.Add(new PaperWarning(arxivId, enricher.Name, ex.Message));
                }
            }
            // The paper alone is refreshed (the day's entries point to it), so enrich jobs of one day never wait for each other.
            if (!ReferenceEquals(enriched, paper) && store is RelationalPaperStore relational)
                await relational.SavePaperAsync(enriched, cancellationToken).ConfigureAwait(false);
            await ledger.FinishItemAsync(runId, item, new WorkOutcome(null, warnings), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        await PublishIfLastAsync(runId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Summarizes and verifies one paper of the run in one language (or reuses its cached summary) and stores it.</summary>
    [AutomaticRetry(Attempts = 5)]
    public async Task SummarizeAsync(long runId, string arxivId, string language, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken).ConfigureAwait(false);
        var found = await ledger.GetItemAsync(runId, arxivId, WorkItem.Summarize, language, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"run {runId} has no summary of {arxivId} in '{language}' to make");
        if (found.Outcome is null)
        {
            // The paper alone, not its whole day: a job per paper reading a day of N papers would make a run O(N^2).
            var paper = await store.GetPaperAsync(arxivId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"run {runId}: {arxivId} of {run.Request.Date:yyyy-MM-dd} is not in the store");
            var entry = new DailyEntry { Date = run.Request.Date, Paper = paper };
            var summarizer = summarizers.Get(found.Item.Summarizer);
            // One maker per summary at a time, in every process: a duplicate job waits here, then finds the item finished.
            var key = SummaryKey.For(entry.Paper, summarizer.Origin, summarizer.OutputLanguage(language));
            await using (await ledger.LockAsync(WorkLedger.SummaryLockClass, string.Join('|', key.ArxivId, key.Version, key.Summarizer, key.Model, key.PromptVersion, key.Language), wait: true, cancellationToken).ConfigureAwait(false))
            {
                if (await ledger.GetItemAsync(runId, arxivId, WorkItem.Summarize, language, cancellationToken).ConfigureAwait(false) is { Outcome: null })
                {
                    var warnings = new ConcurrentBag<PaperWarning>();
                    var made = await summarize.SummarizeAsync(summarizer, entry, language, warnings, cancellationToken).ConfigureAwait(false);
                    await ledger.FinishItemAsync(runId, found.Item, new WorkOutcome(made.Outcome, [.. warnings]), time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        await PublishIfLastAsync(runId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<WorkRun> RunAsync(long runId, CancellationToken cancellationToken) =>
        await ledger.GetRunAsync(runId, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"run {runId} is not in work_runs (was the database reset?)"));

    // Whoever sees the last item finished publishes, under the run's lock; a publisher killed half-way is retried by
    // Hangfire (its job did not succeed), and publishing again is harmless (the file's day block and the report replaced).
    private async Task PublishIfLastAsync(long runId, CancellationToken cancellationToken)
    {
        var run = await RunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (!run.AllFinished || run.PublishedAt is not null) return;
        var held = await ledger.LockAsync(WorkLedger.PublishLockClass, runId.ToString(CultureInfo.InvariantCulture), wait: true, cancellationToken).ConfigureAwait(false);
        await using (held!.ConfigureAwait(false))
        {
            run = await RunAsync(runId, cancellationToken).ConfigureAwait(false);
            if (run.PublishedAt is not null) return;
            await publisher.PublishAsync(run, await ledger.GetItemsAsync(runId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await ledger.MarkPublishedAsync(runId, cancellationToken).ConfigureAwait(false);
        }
    }
}
