using DailyPapers.Collect.Http;
using DailyPapers.Collect;
using DailyPapers.Deliver;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Workers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Scheduling;

/// <summary>
/// Runs the digest for a date, one run at a time (the trigger endpoint and the daily schedule share it), then delivers
/// the day to the configured channels (<c>DailyPapers:Channels</c>) inside the same gate, so two runs never deliver at once.
/// </summary>
public sealed partial class RunGate(DigestRunner runner, DeliveryRunner delivery, IOptions<DigestOptions> digest, IOptions<WorkersOptions> workers,
    IServiceProvider services, ILogger<RunGate> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The run's report, or null when another run is under way.</summary>
    public async Task<RunReport?> TryRunAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken).ConfigureAwait(false)) return null;
        try
        {
            var request = new DigestRequest(date, DigestOptions.ParseLanguages(digest.Value.Language)) { Summarizer = digest.Value.Summarizer };
            if (workers.Value.Enabled)
            {
                // Workers on: the day's jobs go to the queue and the worker finishing the last one publishes and delivers.
                var queue = services.GetRequiredService<DayQueue>();
                var run = await queue.EnqueueAsync(request, null, null, cancellationToken).ConfigureAwait(false);
                return (await queue.WaitAsync(run.RunId, null, cancellationToken).ConfigureAwait(false)).Report;
            }
            var result = await runner.RunAsync(request, null, cancellationToken).ConfigureAwait(false);
            await DeliverAsync(date, cancellationToken).ConfigureAwait(false);
            return result.Report;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Delivery never fails the run: each channel's outcome and every failure is logged by name (never a secret).
    private async Task DeliverAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (delivery.ChannelNames.Count == 0) return;
        try
        {
            var report = await delivery.DeliverAsync(date, null, resend: false, cancellationToken).ConfigureAwait(false);
            foreach (var c in report.Channels)
            {
                if (c.Succeeded) LogDelivered(logger, Day(date), c.Describe());
                else LogDeliveryFailed(logger, Day(date), c.Describe(), string.Join("; ", c.Failures));
            }
        }
        catch (DayNotFoundException)
        {
            LogNothingToDeliver(logger, Day(date));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A store or delivery error outside one channel: the digest itself succeeded, so it is logged, not thrown
            LogDeliveryFailed(logger, Day(date), "all channels", RetryLog.FirstLine(ex.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "delivery of {Date}: {Channel}")]
    private static partial void LogDelivered(ILogger logger, string date, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "delivery of {Date} failed: {Channel}: {Failures}")]
    private static partial void LogDeliveryFailed(ILogger logger, string date, string channel, string failures);

    [LoggerMessage(Level = LogLevel.Information, Message = "delivery of {Date}: no day stored, nothing to deliver")]
    private static partial void LogNothingToDeliver(ILogger logger, string date);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
