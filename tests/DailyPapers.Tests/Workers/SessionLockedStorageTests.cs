using DailyPapers.Tests.Storage.Postgres;
using DailyPapers.Workers;
using Hangfire.Storage;
using Npgsql;

namespace DailyPapers.Tests.Workers;

/// <summary>
/// The workers' Hangfire storage on the real PostgreSQL server: its distributed locks (Hangfire takes a job's lock for
/// every change of the job's state) between two storages, as two worker processes, one of which dies holding a lock.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SessionLockedStorageTests(PostgresCluster cluster)
{
    private static readonly WorkersOptions Options = new() { Enabled = true, InvisibilityTimeout = TimeSpan.FromSeconds(15) };

    [Fact]
    public async Task A_job_lock_held_by_a_worker_that_died_is_free_at_once_not_after_minutes()
    {
        // Given two workers' storages over one database, the first holding a job's state lock
        var connectionString = await cluster.NewDatabaseAsync();
        var dying = WorkersRegistration.Storage(connectionString + ";Application Name=dying-worker", Options);
        var living = WorkersRegistration.Storage(connectionString, Options);
        var held = dying.GetConnection();
        held.AcquireDistributedLock("job:7:state-lock", TimeSpan.FromSeconds(5));
        using var other = living.GetConnection();
        Assert.ThrowsAny<DistributedLockTimeoutException>(() => other.AcquireDistributedLock("job:7:state-lock", TimeSpan.FromMilliseconds(200)));

        // When the first worker dies (SIGKILL: its sessions end, it releases nothing itself)
        Assert.True(await TerminateAsync(connectionString, "dying-worker") > 0);

        // Then the second takes the lock at once (Hangfire.PostgreSql's own lock, a row in hangfire.lock, stayed 10 minutes)
        using (other.AcquireDistributedLock("job:7:state-lock", TimeSpan.FromSeconds(5))) { }
        GC.KeepAlive(held); // never disposed: a dead process disposes nothing
    }

    [Fact]
    public async Task A_lock_is_reentrant_on_one_connection_and_free_for_others_once_every_hold_is_let_go()
    {
        // Given two workers' connections
        var connectionString = await cluster.NewDatabaseAsync();
        using var first = WorkersRegistration.Storage(connectionString, Options).GetConnection();
        using var second = WorkersRegistration.Storage(connectionString, Options).GetConnection();

        // When the first takes a lock twice (Hangfire nests them) and lets go once, then again
        var outer = first.AcquireDistributedLock("job:8:state-lock", TimeSpan.FromSeconds(5));
        var inner = first.AcquireDistributedLock("job:8:state-lock", TimeSpan.FromSeconds(5));
        inner.Dispose();

        // Then the second cannot take it until both holds are let go, and a lock it waits for comes when let go
        Assert.ThrowsAny<DistributedLockTimeoutException>(() => second.AcquireDistributedLock("job:8:state-lock", TimeSpan.FromMilliseconds(200)));
        var waiting = Task.Run(() => second.AcquireDistributedLock("job:8:state-lock", TimeSpan.FromSeconds(30)));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, waiting.IsFaulted ? waiting.Exception!.ToString() : "the wait ended while the lock was held");
        outer.Dispose();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        // and a zero timeout only tries; nothing is left held (no lock timeout either) once every hold is let go
        using (first.AcquireDistributedLock("job:8:state-lock", TimeSpan.Zero)) { }
        Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }

    private static async Task<long> TerminateAsync(string connectionString, string applicationName)
    {
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name", c);
        cmd.Parameters.AddWithValue("name", applicationName);
        var n = (long)(await cmd.ExecuteScalarAsync())!;
        // pg_terminate_backend signals; the session is gone (and its locks) a moment later
        for (var i = 0; i < 100 && await CountAsync(c, applicationName) > 0; i++) await Task.Delay(50);
        return n;
    }

    private static async Task<long> CountAsync(NpgsqlConnection c, string applicationName)
    {
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = @name", c);
        cmd.Parameters.AddWithValue("name", applicationName);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
