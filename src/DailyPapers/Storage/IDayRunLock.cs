using System.Globalization;

namespace DailyPapers.Storage;

/// <summary>
/// Keeps a date's run to one process at a time across every process sharing the store (a PostgreSQL advisory lock,
/// a locked file beside a SQLite file). A second run of the same date is refused, not queued: it would only redo
/// what the first is doing.
/// </summary>
public interface IDayRunLock
{
    /// <summary>
    /// Takes the date for this process until the returned handle is disposed; throws <see cref="DayBusyException"/>
    /// naming the date and the holder when another run (in this or another process) has it.
    /// </summary>
    /// <param name="date">The date to run.</param>
    /// <param name="purpose">What the run is (<c>digest</c>, <c>fetch</c>), shown to a refused run.</param>
    /// <param name="cancellationToken">Cancels taking the lock.</param>
    Task<IAsyncDisposable> AcquireDayAsync(DateOnly date, string purpose, CancellationToken cancellationToken);
}

/// <summary>Another run holds the date: the message names the date and the holder (what, which machine and process, since when).</summary>
public sealed class DayBusyException(DateOnly date, string holder)
    : InvalidOperationException($"{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is already being run by {holder}; try again when that run has finished")
{
    /// <summary>The date asked for.</summary>
    public DateOnly Date { get; } = date;

    /// <summary>Who holds it, as recorded by the holder.</summary>
    public string Holder { get; } = holder;
}

/// <summary>How a holder describes itself: what it runs, on which machine, which process, since when (UTC).</summary>
public static class DayRunHolder
{
    /// <summary>e.g. <c>digest on host1 (pid 4242) since 2026-01-01 06:00:00Z</c>.</summary>
    public static string Describe(string purpose, DateTimeOffset since) =>
        string.Create(CultureInfo.InvariantCulture, $"{purpose} on {Environment.MachineName} (pid {Environment.ProcessId}) since {since.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z");
}
