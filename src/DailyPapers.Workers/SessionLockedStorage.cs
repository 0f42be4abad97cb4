using System.Globalization;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;

namespace DailyPapers.Workers;

/// <summary>
/// Hangfire's PostgreSQL storage whose distributed locks are PostgreSQL session advisory locks, as the workers' own locks
/// are. Hangfire.PostgreSql keeps a lock as a row in <c>hangfire.lock</c>, which a process killed while holding it never
/// deletes: the row stays until it is <see cref="PostgreSqlStorageOptions.DistributedLockTimeout"/> old (10 minutes).
/// Hangfire takes a job's lock for each change of its state (fetched, succeeded, its continuations enqueued), so a worker
/// killed during one left that job, taken again after the invisibility timeout, stuck for those 10 minutes, and its run
/// unpublished. A session advisory lock is released by the server as soon as the holder's connection closes.
/// </summary>
internal sealed class SessionLockedStorage : PostgreSqlStorage
{
    private readonly IConnectionFactory _connections;

    /// <summary>The storage over <paramref name="connections"/>, as Hangfire.PostgreSql's own with the same arguments.</summary>
    public SessionLockedStorage(IConnectionFactory connections, PostgreSqlStorageOptions options) : base(connections, options) =>
        _connections = connections;

    /// <inheritdoc />
    public override IStorageConnection GetConnection() => new SessionLockedConnection(this, _connections);
}

/// <summary>
/// A Hangfire storage connection taking its distributed locks as session advisory locks, all on one session of its own
/// (reentrant, as Hangfire's are per connection: PostgreSQL counts a session's holds of one lock); the session goes back
/// to the pool, every lock released, when the last is let go. Like Hangfire's, a connection is used by one thread.
/// </summary>
internal sealed class SessionLockedConnection(PostgreSqlStorage storage, IConnectionFactory connections) : PostgreSqlConnection(storage)
{
    /// <summary>Advisory lock class of Hangfire's distributed locks ("DPHF"); the second key is a hash of the resource.</summary>
    internal const int LockClass = 0x44504846;

    private NpgsqlConnection? _session;
    private int _held;
    private int _generation; // a new session each time: a lock of a broken one does not count in its successor

    /// <inheritdoc />
    public override IDisposable AcquireDistributedLock(string resource, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        if (_session is null)
        {
            var session = connections.GetOrCreateConnection();
            try
            {
                if (session.State != System.Data.ConnectionState.Open) session.Open();
            }
            catch
            {
                session.Dispose();
                throw;
            }
            _session = session;
            _generation++;
        }
        bool held;
        try
        {
            held = TryLock(_session, resource, timeout);
        }
        catch
        {
            if (_held == 0) CloseSession();
            throw;
        }
        if (!held)
        {
            if (_held == 0) CloseSession();
            throw new DistributedLockTimeoutException(resource);
        }
        _held++;
        return new Held(this, resource, _generation);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        CloseSession();
        base.Dispose();
    }

    // Waits at most the timeout (zero: not at all) for the lock, by the server's lock_timeout: false when still held then.
    private static bool TryLock(NpgsqlConnection session, string resource, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            using var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock(@class, hashtext(@resource))", session);
            tryLock.Parameters.AddWithValue("class", LockClass);
            tryLock.Parameters.AddWithValue("resource", resource);
            return (bool)tryLock.ExecuteScalar()!;
        }
        // 0 is no limit: a wait longer than lock_timeout can say (about 24 days) is as good as none.
        var ms = timeout.TotalMilliseconds >= int.MaxValue ? 0 : Math.Max(1, (int)Math.Ceiling(timeout.TotalMilliseconds));
        using var setTimeout = new NpgsqlCommand("SELECT set_config('lock_timeout', @timeout, false)", session);
        setTimeout.Parameters.AddWithValue("timeout", ms.ToString(CultureInfo.InvariantCulture));
        setTimeout.ExecuteNonQuery();
        try
        {
            using var wait = new NpgsqlCommand("SELECT pg_advisory_lock(@class, hashtext(@resource))", session) { CommandTimeout = 0 };
            wait.Parameters.AddWithValue("class", LockClass);
            wait.Parameters.AddWithValue("resource", resource);
            wait.ExecuteNonQuery();
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
        finally
        {
            using var reset = new NpgsqlCommand("SELECT set_config('lock_timeout', '0', false)", session);
            reset.ExecuteNonQuery();
        }
    }

    private void Release(string resource, int generation)
    {
        if (_session is null || generation != _generation) return; // its session is gone, and its locks with it
        try
        {
            using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@class, hashtext(@resource))", _session);
            unlock.Parameters.AddWithValue("class", LockClass);
            unlock.Parameters.AddWithValue("resource", resource);
            unlock.ExecuteNonQuery();
        }
        catch (NpgsqlException)
        {
            // The session broke: the server released its locks with it.
            _held = 0;
            CloseSession();
            return;
        }
        if (--_held <= 0) CloseSession();
    }

    // Released explicitly before the session goes back to the pool (Npgsql resets a pooled session only when it is next used).
    private void CloseSession()
    {
        var session = _session;
        _session = null;
        _held = 0;
        if (session is null) return;
        try
        {
            if (session.State == System.Data.ConnectionState.Open)
            {
                using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", session);
                unlock.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException)
        {
            // A broken session holds nothing.
        }
        finally
        {
            session.Dispose();
        }
    }

    private sealed class Held(SessionLockedConnection connection, string resource, int generation) : IDisposable
    {
        private bool _released;

        public void Dispose()
        {
            if (_released) return;
            _released = true;
            connection.Release(resource, generation);
        }
    }
}
