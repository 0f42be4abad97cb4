using DailyPapers.Postgres;
using DailyPapers.Storage;
using DailyPapers.Tests.Cli;
using Npgsql;

namespace DailyPapers.Tests.Storage.Postgres;

/// <summary>A date's run lock on the real PostgreSQL server: two stores (as two processes), a session that dies, the CLI refused.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDayRunLockTests(PostgresCluster cluster)
{
    private static readonly DateOnly Day = new(2024, 8, 15);

    [Fact]
    public async Task A_second_store_on_the_same_database_is_refused_naming_the_date_and_the_holder_until_the_first_lets_go()
    {
        // Given two stores over one database and the first holding 2024-08-15
        var connectionString = await cluster.NewDatabaseAsync();
        await using var first = new PostgresPaperStore(connectionString);
        await using var second = new PostgresPaperStore(connectionString);
        var held = await first.AcquireDayAsync(Day, "digest", CancellationToken.None);

        // When the second asks for the same date, and for another date
        var refused = await Assert.ThrowsAsync<DayBusyException>(() => second.AcquireDayAsync(Day, "fetch", CancellationToken.None));
        await using (await second.AcquireDayAsync(Day.AddDays(1), "fetch", CancellationToken.None)) { }

        // Then the refusal names the date and the holder
        Assert.StartsWith("2024-08-15 is already being run by digest on " + Environment.MachineName + $" (pid {Environment.ProcessId}) since ", refused.Message, StringComparison.Ordinal);

        // And once the first lets go the second gets it, and the holder row is the second's
        await held.DisposeAsync();
        await using var again = await second.AcquireDayAsync(Day, "fetch", CancellationToken.None);
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT string_agg(holder, '|') FROM day_run_holders", c);
        Assert.StartsWith("fetch on ", (string)(await cmd.ExecuteScalarAsync())!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_holder_whose_session_ends_frees_the_date_as_a_killed_process_would()
    {
        // Given a store holding the date
        var connectionString = await cluster.NewDatabaseAsync();
        await using var first = new PostgresPaperStore(connectionString);
        await using var second = new PostgresPaperStore(connectionString);
        await using var held = await first.AcquireDayAsync(Day, "digest", CancellationToken.None);
        await Assert.ThrowsAsync<DayBusyException>(() => second.AcquireDayAsync(Day, "digest", CancellationToken.None));

        // When the server ends the holder's session (what happens when its process is killed)
        await using (var admin = new NpgsqlConnection(connectionString + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND classid = @class::oid AND objid = @day::oid", admin);
            kill.Parameters.AddWithValue("class", (long)PostgresPaperStore.DayRunLockClass);
            kill.Parameters.AddWithValue("day", (long)Day.DayNumber);
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }

        // Then the date is free (the lock went with the session; the stale holder row is simply replaced)
        var taken = await AcquireWithinAsync(second, TimeSpan.FromSeconds(10));
        await taken.DisposeAsync();
    }

    private static async Task<IAsyncDisposable> AcquireWithinAsync(PostgresPaperStore store, TimeSpan limit)
    {
        // pg_terminate_backend signals the backend; its locks go when it has exited, a moment later
        var until = DateTime.UtcNow + limit;
        while (true)
        {
            try
            {
                return await store.AcquireDayAsync(Day, "digest", CancellationToken.None);
            }
            catch (DayBusyException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
        }
    }

    [Fact]
    public async Task A_cli_digest_of_a_date_held_on_the_database_is_refused_and_stores_no_run()
    {
        // Given another store holding 2024-08-15 of a PostgreSQL database
        var connectionString = await cluster.NewDatabaseAsync();
        await using var other = new PostgresPaperStore(connectionString);
        var held = await other.AcquireDayAsync(Day, "digest", CancellationToken.None);
        var env = new Dictionary<string, string>
        {
            ["DAILYPAPERS__STORE__PROVIDER"] = "postgres",
            ["DAILYPAPERS__STORE__CONNECTIONSTRING"] = connectionString,
        };

        // When the README's digest command runs that date
        var refused = await CliRunner.RunAsync(env, "digest", "--date", "2024-08-15");

        // Then it is refused by name and stored no run; after the holder lets go it runs
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("error: 2024-08-15 is already being run by digest on ", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(0L, await CountRunsAsync(connectionString));
        await held.DisposeAsync();
        var ran = await CliRunner.RunAsync(env, "digest", "--date", "2024-08-15");
        Assert.True(ran.ExitCode == 0, ran.Stderr);
        Assert.Equal(1L, await CountRunsAsync(connectionString));
    }

    private static async Task<long> CountRunsAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM runs", c);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
