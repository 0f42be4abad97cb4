using System.Collections.Concurrent;
using DailyPapers.Collect;
using DailyPapers.Enrich;
using DailyPapers.Papers;
using DailyPapers.Publish;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using DailyPapers.Summarize.Extractive;
using DailyPapers.Verify;
using Microsoft.Extensions.Options;

namespace DailyPapers.Pipeline;

/// <summary>What to run: a date, where its feed comes from, which summarizer, which languages.</summary>
public sealed record DigestRequest(DateOnly Date, IReadOnlyList<string> Languages)
{
    /// <summary>An explicit source; null means the store, then the default sources.</summary>
    public IDaySource? Source { get; init; }
    /// <summary>The summarizer by name; null means the configured default.</summary>
    public string? Summarizer { get; init; }
    /// <summary>Cost cascade: the N best-ranked papers with <see cref="Summarizer"/>, the rest with the offline summarizer; null: all with it.</summary>
    public int? Top { get; init; }
    /// <summary>Papers summarized at once; null means what the summarizer asks for (<see cref="ISummarizer.MaxConcurrency"/>).</summary>
    public int? MaxConcurrency { get; init; }
    /// <summary>The cost cascade's ranking for this run (e.g. a profile's); null means the registered <see cref="IDayRanker"/>.</summary>
    public IDayRanker? Ranker { get; init; }
}

/// <summary>The result of a run: one digest per language and the report.</summary>
public sealed record DigestResult(DayFeed Day, IReadOnlyList<Digest> Digests, RunReport Report);

/// <summary>
/// Runs a date end to end by composing the stages: collect, store, enrich (unless the day is the offline snapshot),
/// summarize each paper in each language at the summarizer's concurrency, record the run. A paper that fails is kept with its reason.
/// The date is locked for the whole run when the store can (<see cref="IDayRunLock"/>): a second run of it is refused.
/// </summary>
public sealed class DigestRunner(IPaperStore store, SummarizerCatalog summarizers, CollectStage collect, EnrichStage enrich, SummarizeStage summarize, TimeProvider time, IDayRanker? ranker = null)
{
    private readonly IDayRanker _ranker = ranker ?? new VotesThenKeywordsRanker(Options.Create(new DigestOptions()));

    /// <summary>A runner over plain parts (tests, tools); the host builds it from its registered stages.</summary>
    public DigestRunner(IPaperStore store, SummarizerCatalog summarizers, IEnumerable<IDaySource> defaultSources, TimeProvider time,
        IEnumerable<IPaperEnricher>? enrichers = null, IEnumerable<ISummaryVerifier>? verifiers = null, IOptions<VerifyOptions>? verifyOptions = null)
        : this(store, summarizers, new CollectStage(store, defaultSources), new EnrichStage(store, enrichers ?? []),
            new SummarizeStage(store, verifiers ?? [], verifyOptions ?? Options.Create(new VerifyOptions())), time)
    {
    }

    /// <summary>Runs the request; throws <see cref="DayNotFoundException"/> or <see cref="SourceException"/> when there is no day to digest.</summary>
    public async Task<DigestResult> RunAsync(DigestRequest request, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Top is <= 0) throw new ArgumentException($"--top must be 1 or more, got {request.Top}");
        var started = time.GetUtcNow();
        var summarizer = summarizers.Get(request.Summarizer);
        // One run of a date at a time across every process sharing the store; a second is refused (DayBusyException).
        await using var dayLock = store is IDayRunLock locks
            ? await locks.AcquireDayAsync(request.Date, "digest", cancellationToken).ConfigureAwait(false)
            : null;

        progress?.Report(new RunProgress("collect", 0, 1, $"reading {request.Date:yyyy-MM-dd}"));
        var (day, snapshot) = await collect.CollectAsync(request.Date, request.Source, progress, cancellationToken).ConfigureAwait(false);
        // The day's papers are written while the first of them are enriched and summarized: only writes that need
        // their rows (summaries, stored full text) wait for it, and the run does not end before it. (Started on the
        // thread pool: the SQLite driver runs a statement, and waits for a busy file, on the caller's thread.)
        var dayStored = Task.Run(() => store.SaveDayAsync(day, cancellationToken), CancellationToken.None);
        try
        {
            return await RunStoringAsync(request, summarizer, day, snapshot, dayStored, started, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // On a fault elsewhere the write still ends before the day's lock is let go; its own fault is thrown by the run.
            await dayStored.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<DigestResult> RunStoringAsync(DigestRequest request, ISummarizer summarizer, DayFeed day, bool snapshot, Task dayStored,
        DateTimeOffset started, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new RunProgress("collect", 1, 1, $"{day.Entries.Count} papers"));
        var warnings = new ConcurrentBag<PaperWarning>();
        if (snapshot) // the bundled sample is a frozen offline snapshot: enriching it would only reach for the network
            progress?.Report(new RunProgress("enrich", 0, 0, "skipped for the bundled offline sample"));

        // Cost cascade: the model only for the best-ranked papers, the offline summarizer for the rest
        // (the offline summarizer is looked up only for a cascade: a catalog without it serves every other run)
        var offline = request.Top is null ? summarizer : summarizers.Get(ExtractiveSummarizer.SummarizerName);
        var cascade = !ReferenceEquals(summarizer, offline);
        if (cascade && !snapshot) // ranking reads what enrichment brings (titles, abstracts, categories): the whole day first
        {
            await dayStored.ConfigureAwait(false);
            day = await enrich.EnrichAsync(day, warnings, progress, cancellationToken).ConfigureAwait(false);
        }
        // Otherwise each paper is summarized in the first language as soon as it is enriched (enrichment keeps votes
        // and feed order, so the digest order is known now).
        var streamed = !cascade && !snapshot;
        var ranked = day.Ranked;
        RankedDay? byInterest = cascade ? await (request.Ranker ?? _ranker).RankAsync(day, cancellationToken).ConfigureAwait(false) : null;
        var modelIds = byInterest is null ? null : byInterest.Entries.Take(request.Top!.Value).Select(e => e.Paper.ArxivId).ToHashSet(StringComparer.Ordinal);
        var outcomes = new ConcurrentBag<PaperOutcome>();
        var digests = new List<Digest>();
        var total = ranked.Count * request.Languages.Count;
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxConcurrency ?? summarizer.MaxConcurrency), CancellationToken = cancellationToken };
        foreach (var language in request.Languages)
        {
            var items = new DigestItem[ranked.Count];
            async ValueTask SummarizeAsync(int rank, DailyEntry entry, CancellationToken ct)
            {
                var chosen = modelIds is null || modelIds.Contains(entry.Paper.ArxivId) ? summarizer : offline;
                var (item, outcome) = await summarize.SummarizeAsync(chosen, entry, language, warnings, dayStored, ct).ConfigureAwait(false);
                items[rank] = item;
                outcomes.Add(outcome);
                var n = Interlocked.Increment(ref done);
                progress?.Report(new RunProgress("summarize", n, total, $"{entry.Paper.ArxivId} [{language}] {(outcome.Status == PaperStatus.Done ? (outcome.Reused ? "reused" : "done") : "FAILED: " + outcome.Reason)}"));
            }

            if (streamed)
            {
                var rankOf = ranked.Select((e, r) => (e, r)).ToDictionary(x => (object)x.e, x => x.r, ReferenceEqualityComparer.Instance);
                var enriched = new DailyEntry[day.Entries.Count];
                var enrichedCount = 0;
                var collected = day;
                Task<DayFeed>? enrichedStored = null; // the enriched day is written as soon as the last paper is enriched
                try
                {
                    await Parallel.ForEachAsync(Indexed(enrich.EnrichEachAsync(day, dayStored, warnings, progress, cancellationToken)), parallel, async (x, ct) =>
                    {
                        enriched[x.Index] = x.Entry;
                        if (Interlocked.Increment(ref enrichedCount) == enriched.Length)
                            enrichedStored = Task.Run(async () =>
                            {
                                await dayStored.ConfigureAwait(false);
                                return await enrich.SaveAsync(collected, enriched, cancellationToken).ConfigureAwait(false);
                            }, CancellationToken.None);
                        await SummarizeAsync(rankOf[collected.Entries[x.Index]], x.Entry, ct).ConfigureAwait(false);
                    }).ConfigureAwait(false);
                }
                finally
                {
                    if (enrichedStored is not null) await ((Task)enrichedStored).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
                day = enrichedStored is null ? day : await enrichedStored.ConfigureAwait(false);
                ranked = day.Ranked;
                streamed = false; // the next languages have the enriched day
            }
            else
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, ranked.Count), parallel, (i, ct) => SummarizeAsync(i, ranked[i], ct)).ConfigureAwait(false);
            }
            digests.Add(new Digest(day.Date, language, items));
        }
        await dayStored.ConfigureAwait(false);

        var order = ranked.Select((e, i) => (e.Paper.ArxivId, i)).ToDictionary(x => x.ArxivId, x => x.i);
        var report = new RunReport
        {
            Date = day.Date,
            Outcomes = [.. outcomes.OrderBy(o => request.Languages.ToList().IndexOf(o.Language)).ThenBy(o => order[o.ArxivId])],
            Problems = day.Problems,
            Warnings = [.. warnings.OrderBy(w => order.GetValueOrDefault(w.ArxivId)).ThenBy(w => w.Stage, StringComparer.Ordinal)],
            StartedAt = started,
            FinishedAt = time.GetUtcNow(),
            Cascade = modelIds is null ? null : Split(request, byInterest!, modelIds, outcomes, summarizer, offline, ranked.Count),
        };
        await store.SaveRunAsync(report, cancellationToken).ConfigureAwait(false);
        return new DigestResult(day, digests, report);
    }

    private static async IAsyncEnumerable<(int Index, DailyEntry Entry)> Indexed(IAsyncEnumerable<DailyEntry> entries)
    {
        var i = 0;
        await foreach (var entry in entries.ConfigureAwait(false))
            yield return (i++, entry);
    }

    // The run's cost beside summarizing every paper with the model, at this run's average cost per model call.
    private static CostCascade Split(DigestRequest request, RankedDay ranked, HashSet<string> modelIds, IEnumerable<PaperOutcome> outcomes, ISummarizer model, ISummarizer offline, int papers)
    {
        var usage = outcomes.Select(o => o.Usage).OfType<ModelUsage>().Aggregate(ModelUsage.None, (a, b) => a + b);
        var offlineCalls = (papers - modelIds.Count) * request.Languages.Count;
        decimal? allModel = usage is { Calls: > 0, EstimatedCost: { } cost } ? cost + cost / usage.Calls * offlineCalls : null;
        return new CostCascade(request.Top!.Value, ranked.Basis, $"{model.Name} ({model.Origin.Model})", offline.Name, modelIds.Count, papers - modelIds.Count, usage.Calls > 0 ? usage.EstimatedCost : 0m, allModel);
    }
}
