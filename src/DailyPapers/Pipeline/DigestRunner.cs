using System.Collections.Concurrent;
using DailyPapers.Collect;
using DailyPapers.Enrich;
using DailyPapers.Papers;
using DailyPapers.Publish;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using DailyPapers.Verify;

namespace DailyPapers.Pipeline;

/// <summary>What to run: a date, where its feed comes from, which summarizer, which languages.</summary>
public sealed record DigestRequest(DateOnly Date, IReadOnlyList<string> Languages)
{
    /// <summary>An explicit source; null means the store, then the default sources.</summary>
    public IDaySource? Source { get; init; }
    /// <summary>The summarizer by name; null means the configured default.</summary>
    public string? Summarizer { get; init; }
    /// <summary>Papers summarized at once.</summary>
    public int MaxConcurrency { get; init; } = 1;
}

/// <summary>The result of a run: one digest per language and the report.</summary>
public sealed record DigestResult(DayFeed Day, IReadOnlyList<Digest> Digests, RunReport Report);

/// <summary>Progress of a run, for a progress bar or log lines.</summary>
public sealed record RunProgress(string Stage, int Done, int Total, string? Message = null);

/// <summary>
/// Runs a date end to end: collect (explicit source, else store, else default sources), store, summarize each
/// paper in each language (reusing cached summaries), record the run. A paper that fails is kept with its reason.
/// </summary>
public sealed class DigestRunner(
    IPaperStore store,
    SummarizerCatalog summarizers,
    IEnumerable<IDaySource> defaultSources,
    TimeProvider time,
    IEnumerable<IPaperEnricher>? enrichers = null,
    IEnumerable<ISummaryVerifier>? verifiers = null,
    Microsoft.Extensions.Options.IOptions<VerifyOptions>? verifyOptions = null)
{
    private readonly IReadOnlyList<IPaperEnricher> _enrichers = [.. (enrichers ?? []).Where(e => e.Enabled)];
    private readonly VerificationPolicy _verification = new(verifiers ?? [], verifyOptions?.Value ?? new VerifyOptions());

    /// <summary>Runs the request; throws <see cref="DayNotFoundException"/> or <see cref="SourceException"/> when there is no day to digest.</summary>
    public async Task<DigestResult> RunAsync(DigestRequest request, IProgress<RunProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetUtcNow();
        var summarizer = summarizers.Get(request.Summarizer);

        progress?.Report(new RunProgress("collect", 0, 1, $"reading {request.Date:yyyy-MM-dd}"));
        var (day, snapshot) = await CollectAsync(request, progress, cancellationToken).ConfigureAwait(false);
        await store.SaveDayAsync(day, cancellationToken).ConfigureAwait(false);
        progress?.Report(new RunProgress("collect", 1, 1, $"{day.Entries.Count} papers"));
        var warnings = new ConcurrentBag<PaperWarning>();
        if (snapshot) // the bundled sample is a frozen offline snapshot: enriching it would only reach for the network
            progress?.Report(new RunProgress("enrich", 0, 0, "skipped for the bundled offline sample"));
        else
            day = await EnrichAsync(day, warnings, progress, cancellationToken).ConfigureAwait(false);

        var ranked = day.Ranked;
        var outcomes = new ConcurrentBag<PaperOutcome>();
        var digests = new List<Digest>();
        var total = ranked.Count * request.Languages.Count;
        var done = 0;
        foreach (var language in request.Languages)
        {
            var items = new DigestItem[ranked.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, ranked.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.MaxConcurrency), CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    var entry = ranked[i];
                    var (item, outcome) = await SummarizeOneAsync(summarizer, entry, language, warnings, ct).ConfigureAwait(false);
                    items[i] = item;
                    outcomes.Add(outcome);
                    var n = Interlocked.Increment(ref done);
                    progress?.Report(new RunProgress("summarize", n, total, $"{entry.Paper.ArxivId} [{language}] {(outcome.Status == PaperStatus.Done ? (outcome.Reused ? "reused" : "done") : "FAILED: " + outcome.Reason)}"));
                }).ConfigureAwait(false);
            digests.Add(new Digest(day.Date, language, items));
        }

        var order = ranked.Select((e, i) => (e.Paper.ArxivId, i)).ToDictionary(x => x.ArxivId, x => x.i);
        var report = new RunReport
        {
            Date = day.Date,
            Outcomes = [.. outcomes.OrderBy(o => request.Languages.ToList().IndexOf(o.Language)).ThenBy(o => order[o.ArxivId])],
            Problems = day.Problems,
            Warnings = [.. warnings.OrderBy(w => order.GetValueOrDefault(w.ArxivId)).ThenBy(w => w.Stage, StringComparer.Ordinal)],
            StartedAt = started,
            FinishedAt = time.GetUtcNow(),
        };
        await store.SaveRunAsync(report, cancellationToken).ConfigureAwait(false);
        return new DigestResult(day, digests, report);
    }

    internal async Task<DayFeed> EnrichAsync(DayFeed day, ConcurrentBag<PaperWarning> warnings, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        if (_enrichers.Count == 0) return day;
        foreach (var dayEnricher in _enrichers.OfType<IDayEnricher>()) // one batched request for the day where possible
            await dayEnricher.PrepareDayAsync([.. day.Entries.Select(e => e.Paper)], ct).ConfigureAwait(false);
        var entries = new List<DailyEntry>(day.Entries.Count);
        foreach (var entry in day.Entries)
        {
            var paper = entry.Paper;
            foreach (var enricher in _enrichers)
            {
                try
                {
                    paper = await enricher.EnrichAsync(paper, ct).ConfigureAwait(false);
                }
                catch (EnrichmentException ex)
                {
                    warnings.Add(new PaperWarning(paper.ArxivId, enricher.Name, ex.Message));
                }
            }
            entries.Add(entry with { Paper = paper });
            progress?.Report(new RunProgress("enrich", entries.Count, day.Entries.Count, paper.ArxivId));
        }
        var enriched = day with { Entries = entries };
        await store.SaveDayAsync(enriched, ct).ConfigureAwait(false);
        return enriched;
    }

    private async Task<(DayFeed Day, bool Snapshot)> CollectAsync(DigestRequest request, IProgress<RunProgress>? progress, CancellationToken ct)
    {
        if (request.Source is { } explicitSource)
        {
            var day = Usable(await explicitSource.GetDayAsync(request.Date, ct).ConfigureAwait(false), explicitSource.Name);
            return (day, day.IsSnapshot);
        }
        var stored = await store.GetDayAsync(request.Date, ct).ConfigureAwait(false);
        if (stored is { IsSnapshot: false })
            return (stored, false);
        // Nothing stored, or only the offline snapshot: a live source that has the day now replaces the snapshot
        // (and the day is enriched); when only a snapshot can be had, the stored one is kept as it is.
        var misses = new List<string>();
        var unavailable = new List<string>(); // listed after the misses: the network is the lesser news offline
        foreach (var source in defaultSources)
        {
            try
            {
                var day = Usable(await source.GetDayAsync(request.Date, ct).ConfigureAwait(false), source.Name);
                return day.IsSnapshot && stored is not null ? (stored, true) : (day, day.IsSnapshot);
            }
            catch (DayNotFoundException ex)
            {
                misses.Add(ex.Message);
            }
            catch (Collect.Http.SourceUnavailableException ex)
            {
                unavailable.Add(ex.Message);
                progress?.Report(new RunProgress("collect", 0, 1, $"{ex.Message}; trying the next source"));
            }
        }
        if (stored is not null)
            return (stored, true);
        misses.AddRange(unavailable);
        throw new DayNotFoundException(misses.Count > 0 ? string.Join("; ", misses) : $"no source holds {request.Date:yyyy-MM-dd}");
    }

    private static DayFeed Usable(DayFeed day, string sourceName)
    {
        if (day.Entries.Count == 0 && day.Problems.Count > 0)
            throw new SourceException($"{sourceName}: no readable paper for {day.Date:yyyy-MM-dd}: {string.Join("; ", day.Problems.Select(p => p.ToString()))}");
        if (day.Entries.Count == 0)
            throw new DayNotFoundException($"{sourceName}: no papers on {day.Date:yyyy-MM-dd}");
        return day;
    }

    private async Task<(DigestItem, PaperOutcome)> SummarizeOneAsync(ISummarizer summarizer, DailyEntry entry, string language, ConcurrentBag<PaperWarning> warnings, CancellationToken ct)
    {
        try
        {
            return await SummarizeOrReuseAsync(summarizer, entry, language, warnings, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store, verifier or summarizer fault fails this paper, with its reason; the run and its report go on.
            var reason = $"{ex.GetType().Name}: {ex.Message}";
            var paper = entry.Paper;
            return (new DigestItem(entry, null, reason), new PaperOutcome(paper.ArxivId, paper.FoldedTitle, language, PaperStatus.Failed, reason));
        }
    }

    private async Task<(DigestItem, PaperOutcome)> SummarizeOrReuseAsync(ISummarizer summarizer, DailyEntry entry, string language, ConcurrentBag<PaperWarning> warnings, CancellationToken ct)
    {
        var paper = entry.Paper;
        var outputLanguage = summarizer.OutputLanguage(language);
        var key = SummaryKey.For(paper, summarizer.Origin, outputLanguage);
        var summaryRequest = new SummaryRequest(paper, language)
        {
            FullText = await store.GetFullTextAsync(paper.ArxivId, ct).ConfigureAwait(false),
        };
        if (await store.GetSummaryAsync(key, ct).ConfigureAwait(false) is { } cached)
        {
            // Re-checked on reuse: the full text may have been stored since, or the verifiers changed.
            var rechecked = await _verification.RecheckAsync(summaryRequest, cached, ct).ConfigureAwait(false);
            if (!rechecked.Summary.Findings.SequenceEqual(cached.Findings))
                await store.SaveSummaryAsync(key, rechecked.Summary, ct).ConfigureAwait(false);
            return Outcome(entry, language, rechecked, warnings, reused: true);
        }
        try
        {
            var summary = await summarizer.SummarizeAsync(summaryRequest, ct).ConfigureAwait(false);
            var verified = await _verification.VerifyAsync(summarizer, summaryRequest, summary, ct).ConfigureAwait(false);
            await store.SaveSummaryAsync(key, verified.Summary, ct).ConfigureAwait(false);
            return Outcome(entry, language, verified, warnings, reused: false);
        }
        catch (SummarizationException ex)
        {
            return (new DigestItem(entry, null, ex.Message), new PaperOutcome(paper.ArxivId, paper.FoldedTitle, language, PaperStatus.Failed, ex.Message, Usage: ex.Usage));
        }
    }

    // A summary with defects is kept with its flags (and a warning in the report) or, in strict mode, dropped and counted as failed.
    private static (DigestItem, PaperOutcome) Outcome(DailyEntry entry, string language, VerifiedSummary verified, ConcurrentBag<PaperWarning> warnings, bool reused)
    {
        var paper = entry.Paper;
        if (verified.Drop)
            return (new DigestItem(entry, null, verified.Note), new PaperOutcome(paper.ArxivId, paper.FoldedTitle, language, PaperStatus.Failed, verified.Note, reused, reused ? null : verified.Summary.Usage));
        if (verified.Note is { } note)
            warnings.Add(new PaperWarning(paper.ArxivId, "verify", $"[{language}] {note}"));
        return (new DigestItem(entry, verified.Summary), new PaperOutcome(paper.ArxivId, paper.FoldedTitle, language, PaperStatus.Done, Reused: reused, Usage: reused ? null : verified.Summary.Usage));
    }
}
