using DailyPapers.Pipeline;
using DailyPapers.Storage;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DailyPapers.Workers;

/// <summary>
/// The daily schedule as a Hangfire recurring job (workers on): whichever worker's scheduler fires it enqueues the day's
/// jobs, once for all machines, instead of each <c>serve</c> running the day in-process.
/// </summary>
public sealed partial class ScheduledDay(DayQueue queue, IOptions<DigestOptions> digest, TimeProvider time, ILogger<ScheduledDay> logger)
{
    /// <summary>The recurring job's id (as shown at <c>/jobs/recurring</c>).</summary>
    public const string RecurringJobId = "dailypapers-daily-digest";

    /// <summary>Registers (or updates) the recurring job: every day at <paramref name="at"/> in <paramref name="zone"/>.</summary>
    public static void Schedule(IRecurringJobManager jobs, string queue, TimeOnly at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        jobs.AddOrUpdate<ScheduledDay>(RecurringJobId, queue, j => j.RunAsync(zone.Id, CancellationToken.None),
            $"{at.Minute} {at.Hour} * * *", new RecurringJobOptions { TimeZone = zone });
    }

    /// <summary>Enqueues the digest of today's date in <paramref name="timeZoneId"/>; a date already being run is logged and skipped.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string timeZoneId, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var request = new DigestRequest(date, DigestOptions.ParseLanguages(digest.Value.Language)) { Summarizer = digest.Value.Summarizer };
        try
        {
            var run = await queue.EnqueueAsync(request, null, null, cancellationToken).ConfigureAwait(false);
            LogEnqueued(logger, date, run.RunId, run.Jobs);
        }
        catch (DayBusyException ex)
        {
            LogBusy(logger, date, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "scheduled digest of {Date}: run {RunId}, {Jobs} jobs enqueued")]
    private static partial void LogEnqueued(ILogger logger, DateOnly date, long runId, int jobs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "scheduled digest of {Date} skipped: {Reason}")]
    private static partial void LogBusy(ILogger logger, DateOnly date, string reason);
}
