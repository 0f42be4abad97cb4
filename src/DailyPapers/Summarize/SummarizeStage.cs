using System.Collections.Concurrent;
using DailyPapers.Papers;
using DailyPapers.Publish;
using DailyPapers.Storage;
using DailyPapers.Verify;
using Microsoft.Extensions.Options;

namespace DailyPapers.Summarize;

/// <summary>One paper summarized in one language: the digest item and the outcome for the run report.</summary>
public sealed record SummarizedPaper(DigestItem Item, PaperOutcome Outcome);

/// <summary>
/// The summarize stage for one paper and language: reuse the cached summary (re-checked) or summarize, verify and
/// regenerate by the verification policy, then store. Any fault fails this paper with its reason, never the run.
/// </summary>
public sealed class SummarizeStage(IPaperStore store, IEnumerable<ISummaryVerifier> verifiers, IOptions<VerifyOptions> verifyOptions)
{
    private readonly VerificationPolicy _verification = new(verifiers, verifyOptions.Value);

    /// <summary>The paper's summary in <paramref name="language"/>; verification notes are added to <paramref name="warnings"/>.</summary>
    public Task<SummarizedPaper> SummarizeAsync(ISummarizer summarizer, DailyEntry entry, string language, ConcurrentBag<PaperWarning> warnings, CancellationToken cancellationToken) =>
        SummarizeAsync(summarizer, entry, language, warnings, Task.CompletedTask, cancellationToken);

    /// <summary>
    /// As <see cref="SummarizeAsync(ISummarizer, DailyEntry, string, ConcurrentBag{PaperWarning}, CancellationToken)"/>,
    /// storing the summary only once <paramref name="paperStored"/> (the write of the paper's row, still running) has ended.
    /// </summary>
    public async Task<SummarizedPaper> SummarizeAsync(ISummarizer summarizer, DailyEntry entry, string language, ConcurrentBag<PaperWarning> warnings, Task paperStored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paperStored);
        ArgumentNullException.ThrowIfNull(summarizer);
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return await SummarizeOrReuseAsync(summarizer, entry, language, warnings, paperStored, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A store, verifier or summarizer fault fails this paper, with its reason; the run and its report go on.
            var reason = $"{ex.GetType().Name}: {ex.Message}";
            var paper = entry.Paper;
            return new(new DigestItem(entry, null, reason), new PaperOutcome(paper.ArxivId, paper.FoldedTitle, language, PaperStatus.Failed, reason));
        }
    }

    private async Task<SummarizedPaper> SummarizeOrReuseAsync(ISummarizer summarizer, DailyEntry entry, string language, ConcurrentBag<PaperWarning> warnings, Task paperStored, CancellationToken ct)
    {
        var paper = entry.Paper;
        var key = SummaryKey.For(paper, summarizer.Origin, summarizer.OutputLanguage(language));
        var request = new SummaryRequest(paper, language)
        {
            FullText = await store.GetFullTextAsync(paper.ArxivId, ct).ConfigureAwait(false),
        };
        if (await store.GetSummaryAsync(key, ct).ConfigureAwait(false) is { } cached)
        {
            // Re-checked on reuse: the full text may have been stored since, or the verifiers changed.
            var rechecked = await _verification.RecheckAsync(request, cached, ct).ConfigureAwait(false);
            if (!rechecked.Summary.Findings.SequenceEqual(cached.Findings))
            {
                await paperStored.ConfigureAwait(false);
                await store.SaveSummaryAsync(key, rechecked.Summary, ct).ConfigureAwait(false);
            }
            return Outcome(entry, language, rechecked, warnings, reused: true);
        }
        try
        {
            var summary = await summarizer.SummarizeAsync(request, ct).ConfigureAwait(false);
            // After a model's reply, verification and the store write run on the after-reply lane, beside the thread
            // pool: the replies of the other papers and the next papers' calls, which a whole wave of replies would
            // otherwise queue behind eight verifications, go on at once. A local summarizer has no call to hold up.
            async Task<VerifiedSummary> VerifyAndStoreAsync()
            {
                var v = await _verification.VerifyAsync(summarizer, request, summary, ct).ConfigureAwait(false);
                await paperStored.ConfigureAwait(false);
                await store.SaveSummaryAsync(key, v.Summary, ct).ConfigureAwait(false);
                return v;
            }
            var verified = summarizer.AwaitsReplies
                ? await AfterReplyLane.Shared.Run(VerifyAndStoreAsync, ct).ConfigureAwait(false)
                : await VerifyAndStoreAsync().ConfigureAwait(false);
            return Outcome(entry, language, verified, warnings, reused: false);
        }
        catch (SummarizationException ex)
        {
            return new(new DigestItem(entry, null, ex.Message), new PaperOutcome(paper.ArxivId, paper.FoldedTitle, language, PaperStatus.Failed, ex.Message, Usage: ex.Usage));
        }
    }

    // A summary with defects is kept with its flags (and a warning in the report) or, in strict mode, dropped and counted as failed.
    private static SummarizedPaper Outcome(DailyEntry entry, string language, VerifiedSummary verified, ConcurrentBag<PaperWarning> warnings, bool reused)
    {
        var paper = entry.Paper;
        if (verified.Drop)
            return new(new DigestItem(entry, null, verified.Note), new PaperOutcome(paper.ArxivId, paper.FoldedTitle, language, PaperStatus.Failed, verified.Note, reused, reused ? null : verified.Summary.Usage));
        if (verified.Note is { } note)
            warnings.Add(new PaperWarning(paper.ArxivId, "verify", $"[{language}] {note}"));
        return new(new DigestItem(entry, verified.Summary), new PaperOutcome(paper.ArxivId, paper.FoldedTitle, language, PaperStatus.Done, Reused: reused, Usage: reused ? null : verified.Summary.Usage));
    }
}
