using DailyPapers.Workers;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Scheduling;

/// <summary>Runs the day's digest once a day inside <c>serve</c> when <c>DailyPapers:Web:Schedule:Enabled</c> is true.</summary>
internal sealed partial class ScheduledDigestService(RunGate gate, IOptions<WebOptions> options, IOptions<WorkersOptions> workers, IServiceProvider services,
    TimeProvider time, ILogger<ScheduledDigestService> logger) : BackgroundService
{
    private DateTimeOffset _startedAt;

    /// <summary>
    /// Notes the start time before the loop runs: since .NET 10 the whole of ExecuteAsync runs in the background, so
    /// the first run is planned from when serve started, not from whenever the loop first reads the clock.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = time.GetUtcNow();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = options.Value.Schedule;
        if (workers.Value.Enabled)
        {
            // Workers on: the schedule is a Hangfire recurring job, fired once for every machine by a worker.
            var recurring = services.GetRequiredService<IRecurringJobManager>();
            if (schedule.Enabled && ScheduleClock.TryCreate(schedule, out var at, out _))
            {
                ScheduledDay.Schedule(recurring, workers.Value.Queue, at!.Time, at.Zone);
                LogRecurring(logger, schedule.Time, schedule.TimeZone);
            }
            else
            {
                recurring.RemoveIfExists(ScheduledDay.RecurringJobId);
            }
            return;
        }
        if (!schedule.Enabled) return;
        if (!ScheduleClock.TryCreate(schedule, out var clock, out var error))
            throw new InvalidOperationException(error);
        var from = _startedAt;
        while (!stoppingToken.IsCancellationRequested)
        {
            var (at, date) = clock!.Next(from);
            LogNext(logger, date, at);
            await Task.Delay(at - time.GetUtcNow() is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken).ConfigureAwait(false);
            try
            {
                var report = await gate.TryRunAsync(date, stoppingToken).ConfigureAwait(false);
                if (report is null) LogBusy(logger, date);
                else LogDone(logger, date, report.Outcomes.Count, report.Failed.Count(), report.Problems.Count);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The next day may well work (the feed was late, the network was down, the store was busy): report and
                // keep the schedule rather than letting the exception stop the whole site.
                LogFailed(logger, date, ex.Message);
            }
            from = at > time.GetUtcNow() ? at : time.GetUtcNow();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "daily digest at {Time} {TimeZone} is the Hangfire recurring job " + ScheduledDay.RecurringJobId)]
    private static partial void LogRecurring(ILogger logger, string time, string timeZone);

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduled digest of {Date} at {At}")]
    private static partial void LogNext(ILogger logger, DateOnly date, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Warning, Message = "scheduled digest of {Date} skipped: another run is under way")]
    private static partial void LogBusy(ILogger logger, DateOnly date);

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduled digest of {Date}: {Outcomes} outcomes, {Failed} failed, {Problems} unreadable records")]
    private static partial void LogDone(ILogger logger, DateOnly date, int outcomes, int failed, int problems);

    [LoggerMessage(Level = LogLevel.Error, Message = "scheduled digest of {Date} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, DateOnly date, string reason);
}
