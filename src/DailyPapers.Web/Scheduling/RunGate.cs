using DailyPapers.Papers;
using DailyPapers.Pipeline;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Scheduling;

/// <summary>Runs the digest for a date, one run at a time (the trigger endpoint and the daily schedule share it).</summary>
public sealed class RunGate(DigestRunner runner, IOptions<DigestOptions> digest)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The run's report, or null when another run is under way.</summary>
    public async Task<RunReport?> TryRunAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken).ConfigureAwait(false)) return null;
        try
        {
            var request = new DigestRequest(date, DigestOptions.ParseLanguages(digest.Value.Language)) { Summarizer = digest.Value.Summarizer };
            var result = await runner.RunAsync(request, null, cancellationToken).ConfigureAwait(false);
            return result.Report;
        }
        finally
        {
            _gate.Release();
        }
    }
}
