using System.Globalization;
using DailyPapers.Storage;
using Npgsql;

namespace DailyPapers.Postgres;

/// <summary>
/// A date's run lock on PostgreSQL: a session advisory lock (key: a DailyPapers class id and the date's day number)
/// taken with <c>pg_try_advisory_lock</c> on a connection kept open for the run. The server drops it when that
/// session ends, so a killed process never leaves a date locked. The holder's description is kept in
/// <c>day_run_holders</c> for a refused run's message.
/// </summary>
public sealed partial class PostgresPaperStore : IDayRunLock
{
    /// <summary>The advisory lock class of day runs ("DPRL"); the second key is the date's day number.</summary>
    internal const int DayRunLockClass = 0x4450524C;

    /// <inheritdoc />
    public async Task<IAsyncDisposable> AcquireDayAsync(DateOnly date, string purpose, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool taken;
            await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, @day)", connection))
            {
                take.Parameters.AddWithValue("class", DayRunLockClass);
                take.Parameters.AddWithValue("day", date.DayNumber);
                taken = (bool)(await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            if (!taken)
            {
                await using var read = new NpgsqlCommand("SELECT holder FROM day_run_holders WHERE date = @date", connection);
                read.Parameters.AddWithValue("date", date);
                var holder = await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
                throw new DayBusyException(date, string.IsNullOrWhiteSpace(holder) ? "another process" : holder);
            }
            var description = DayRunHolder.Describe(purpose, _time.GetUtcNow());
            await using (var write = new NpgsqlCommand("""
                INSERT INTO day_run_holders (date, holder, since) VALUES (@date, @holder, @since)
                ON CONFLICT (date) DO UPDATE SET holder = excluded.holder, since = excluded.since
                """, connection))
            {
                write.Parameters.AddWithValue("date", date);
                write.Parameters.AddWithValue("holder", description);
                write.Parameters.AddWithValue("since", _time.GetUtcNow().UtcDateTime);
                await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            return new AdvisoryDayLock(connection, date, description);
        }
        catch (DayBusyException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Failure(string.Create(CultureInfo.InvariantCulture, $"cannot lock {date:yyyy-MM-dd} in"), ex);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class AdvisoryDayLock(NpgsqlConnection connection, DateOnly date, string description) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                // The holder row goes while the lock is still held, and only if it is still this holder's.
                await using var release = new NpgsqlCommand("""
                    DELETE FROM day_run_holders WHERE date = @date AND holder = @holder;
                    SELECT pg_advisory_unlock(@class, @day);
                    """, connection);
                release.Parameters.AddWithValue("date", date);
                release.Parameters.AddWithValue("holder", description);
                release.Parameters.AddWithValue("class", DayRunLockClass);
                release.Parameters.AddWithValue("day", date.DayNumber);
                await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // The session ending below releases the lock anyway; a stale holder row is overwritten by the next holder.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
