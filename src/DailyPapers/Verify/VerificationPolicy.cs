using System.Text;
using DailyPapers.Papers;
using DailyPapers.Summarize;

namespace DailyPapers.Verify;

/// <summary>A verified summary, whether it was regenerated, and what the policy decided.</summary>
public sealed record VerifiedSummary(Summary Summary, bool Regenerated, bool Drop, string? Note);

/// <summary>
/// Runs every verifier on a fresh summary; when it has defects and the summarizer can regenerate (an LLM), asks once
/// more stating the findings in <see cref="SummaryRequest.Feedback"/> and keeps the attempt with fewer defects. Still
/// failing, the summary is kept with its findings as visible flags, or dropped in strict mode (the caller counts it).
/// </summary>
public sealed class VerificationPolicy(IEnumerable<ISummaryVerifier> verifiers, VerifyOptions options)
{
    private readonly IReadOnlyList<ISummaryVerifier> _verifiers = [.. verifiers];

    /// <summary>Verifies (and regenerates at most once) a summary just made for <paramref name="request"/>.</summary>
    public async Task<VerifiedSummary> VerifyAsync(ISummarizer summarizer, SummaryRequest request, Summary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summarizer);
        var best = await CheckAsync(request, summary, cancellationToken).ConfigureAwait(false);
        var regenerated = false;
        string? retryFailure = null;
        if (Defects(best) > 0 && options.Regenerate && summarizer.CanRegenerate)
        {
            var retry = request with { Feedback = FindingFeedback.Describe(best.Findings) };
            regenerated = true;
            try
            {
                var fresh = await summarizer.SummarizeAsync(retry, cancellationToken).ConfigureAwait(false);
                var spent = Sum(best.Usage, fresh.Usage); // the report counts both model calls, whichever attempt is kept
                var second = await CheckAsync(retry, fresh with { Usage = spent }, cancellationToken).ConfigureAwait(false);
                best = Defects(second) <= Defects(best) ? second : best with { Usage = spent };
            }
            catch (SummarizationException ex)
            {
                best = best with { Usage = Sum(best.Usage, ex.Usage) };
                retryFailure = $"; the regeneration failed: {ex.Message}";
            }
        }
        return Decide(best, regenerated) is var d && retryFailure is not null && d.Note is not null ? d with { Note = d.Note + retryFailure } : d;
    }

    private static ModelUsage? Sum(ModelUsage? a, ModelUsage? b) => a is null ? b : b is null ? a : a + b;

    /// <summary>Verifies a summary reused from the store again (no regeneration) and decides what to do with it.</summary>
    public async Task<VerifiedSummary> RecheckAsync(SummaryRequest request, Summary summary, CancellationToken cancellationToken) =>
        Decide(await CheckAsync(request, summary, cancellationToken).ConfigureAwait(false), regenerated: false);

    /// <summary>What to do with a summary whose findings are known.</summary>
    public VerifiedSummary Decide(Summary summary, bool regenerated)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var defects = summary.Findings.Where(VerifyOptions.IsDefect).ToList();
        if (defects.Count == 0) return new VerifiedSummary(summary, regenerated, false, null);
        var what = $"{defects.Count} verification defect{(defects.Count == 1 ? "" : "s")}{(regenerated ? " after one regeneration" : "")}: {FindingFeedback.Brief(defects)}";
        return options.Strict
            ? new VerifiedSummary(summary, regenerated, true, $"dropped (strict verification): {what}")
            : new VerifiedSummary(summary, regenerated, false, $"kept with {what}");
    }

    private async Task<Summary> CheckAsync(SummaryRequest request, Summary summary, CancellationToken ct)
    {
        var findings = new List<Finding>();
        foreach (var verifier in _verifiers)
            findings.AddRange(await verifier.VerifyAsync(request, summary, ct).ConfigureAwait(false));
        return summary with { Findings = FindingSet.OneDefectOneFinding(findings) };
    }

    private static int Defects(Summary s) => s.Findings.Count(VerifyOptions.IsDefect);
}

/// <summary>Findings in words: for a model that regenerates, and for one-line notes in run reports.</summary>
public static class FindingFeedback
{
    /// <summary>Instructions listing every defect and warning, for <see cref="SummaryRequest.Feedback"/>.</summary>
    public static string Describe(IEnumerable<Finding> findings)
    {
        var sb = new StringBuilder("The previous summary failed verification. Write it again, fixing these problems; use only figures stated in the paper, exactly as stated:\n");
        foreach (var f in findings.Where(f => f.Severity > FindingSeverity.Unverified))
        {
            sb.Append("- ").Append(f.Kind);
            if (f.Section.Length > 0) sb.Append(" in \"").Append(f.Section).Append('"');
            if (f.Text.Length > 0) sb.Append(": \"").Append(f.Text).Append('"');
            if (f.Message is { } m) sb.Append(" (").Append(m).Append(')');
            if (f.SourcePassage is { } p) sb.Append("; the paper says: \"").Append(p).Append('"');
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A short list such as <c>ungrounded "34343434시간" (What's New); scale-mismatch "7억에서 70억" (What's New)</c>.</summary>
    public static string Brief(IEnumerable<Finding> findings) =>
        string.Join("; ", findings.Select(f => f.Kind + (f.Text.Length > 0 ? $" \"{Clip(f.Text)}\"" : "") + (f.Section.Length > 0 ? $" ({f.Section})" : "")));

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
