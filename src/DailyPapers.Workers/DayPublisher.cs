using DailyPapers.Deliver;
using DailyPapers.Papers;
using DailyPapers.Publish;
using DailyPapers.Publish.Markdown;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Workers;

/// <summary>A finished run as a digest per language and its report, assembled from the store and the run's items.</summary>
public sealed record AssembledRun(IReadOnlyList<Digest> Digests, RunReport Report);

/// <summary>
/// Publishes a finished run: stores its report (which also refreshes every site's page cache, keyed by the store's
/// change stamp), merges the day into the Markdown file the run names, and delivers it to the configured channels.
/// </summary>
public sealed partial class DayPublisher(IPaperStore store, IFetchLog fetchLog, SummarizerCatalog summarizers, DeliveryRunner delivery, TimeProvider time, ILogger<DayPublisher> logger)
{
    /// <summary>The run's digests in digest order, each paper with its stored summary or its failure, and the report.</summary>
    public async Task<AssembledRun> AssembleAsync(WorkRun run, IReadOnlyList<FinishedItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(items);
        var request = run.Request;
        var day = await store.GetDayAsync(request.Date, cancellationToken).ConfigureAwait(false)
            ?? throw new Collect.DayNotFoundException($"{request.Date:yyyy-MM-dd} is not in the store");
        var ranked = day.Ranked;
        var made = items.Where(i => i.Item.Stage == WorkItem.Summarize)
            .ToDictionary(i => (i.Item.ArxivId, i.Item.Language), i => i);
        var digests = new List<Digest>();
        var outcomes = new List<PaperOutcome>();
        foreach (var language in request.Languages)
        {
            var digestItems = new List<DigestItem>();
            foreach (var entry in ranked)
            {
                var paper = entry.Paper;
                var outcome = made.TryGetValue((paper.ArxivId, language), out var item) ? item.Outcome?.Outcome : null;
                outcome ??= new PaperOutcome(paper.ArxivId, paper.FoldedTitle, language, PaperStatus.Failed, "not summarized: the run has no finished job for it");
                outcomes.Add(outcome);
                Summary? summary = null;
                if (outcome.Status == PaperStatus.Done)
                {
                    var summarizer = summarizers.Get(item!.Item.Summarizer);
                    summary = await store.GetSummaryAsync(SummaryKey.For(paper, summarizer.Origin, summarizer.OutputLanguage(language)), cancellationToken).ConfigureAwait(false);
                }
                digestItems.Add(summary is null ? new DigestItem(entry, null, outcome.Reason ?? "the summary is no longer in the store") : new DigestItem(entry, summary));
            }
            digests.Add(new Digest(day.Date, language, digestItems));
        }
        var order = ranked.Select((e, i) => (e.Paper.ArxivId, i)).ToDictionary(x => x.ArxivId, x => x.i, StringComparer.Ordinal);
        var report = new RunReport
        {
            Date = request.Date,
            Outcomes = outcomes,
            Problems = request.Problems,
            Warnings = [.. items.SelectMany(i => i.Outcome?.Warnings ?? []).OrderBy(w => order.GetValueOrDefault(w.ArxivId)).ThenBy(w => w.Stage, StringComparer.Ordinal)],
            StartedAt = run.CreatedAt,
            FinishedAt = run.PublishedAt ?? time.GetUtcNow(),
        };
        return new AssembledRun(digests, report);
    }

    /// <summary>
    /// Stores the report, writes the Markdown file when the run names one, delivers when channels are configured. A
    /// fetch's run (no language: enrichment only) records the fetch in the fetch log instead, as an in-process fetch does.
    /// </summary>
    public async Task PublishAsync(WorkRun run, IReadOnlyList<FinishedItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var assembled = await AssembleAsync(run, items, cancellationToken).ConfigureAwait(false);
        if (run.Request.IsFetch)
        {
            await fetchLog.SaveFetchAsync(await FetchReportAsync(run, assembled, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return;
        }
        await store.SaveRunAsync(assembled.Report, cancellationToken).ConfigureAwait(false);
        if (run.Request.OutPath is { } path)
            await MarkdownArchive.MergeIntoFileAsync(path, assembled.Digests.Select(d => (d.Date, MarkdownPublisher.Render(d))), cancellationToken).ConfigureAwait(false);
        if (delivery.ChannelNames.Count == 0) return;
        try
        {
            var report = await delivery.DeliverAsync(run.Request.Date, null, resend: false, cancellationToken).ConfigureAwait(false);
            foreach (var channel in report.Channels.Where(c => !c.Succeeded))
                LogDeliveryFailed(logger, run.Id, channel.Describe(), string.Join("; ", channel.Failures));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // The digest is published; a delivery problem is logged by channel (never a secret) and retried by `deliver`.
            LogDeliveryFailed(logger, run.Id, "all channels", Collect.Http.RetryLog.FirstLine(ex.Message));
        }
    }

    /// <summary>A fetch run as the fetch log's report: the day's papers, its enrichment warnings and unreadable records.</summary>
    public async Task<FetchReport> FetchReportAsync(WorkRun run, AssembledRun assembled, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(assembled);
        var day = await store.GetDayAsync(run.Request.Date, cancellationToken).ConfigureAwait(false)
            ?? throw new Collect.DayNotFoundException($"{run.Request.Date:yyyy-MM-dd} is not in the store");
        return Pipeline.DayFetcher.Stored(day with { Problems = run.Request.Problems }, assembled.Report.Warnings) with
        {
            StartedAt = run.CreatedAt,
            FinishedAt = run.PublishedAt ?? time.GetUtcNow(),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "run {RunId}: delivery failed: {Channel}: {Failures}")]
    private static partial void LogDeliveryFailed(ILogger logger, long runId, string channel, string failures);
}
