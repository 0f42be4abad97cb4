using System.Diagnostics;
using DailyPapers.Storage;
using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Live;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Storage;

/// <summary>A date's run lock on SQLite: real lock files, a real second process (the CLI, util-linux flock), SIGKILL.</summary>
public sealed class DayRunLockTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2024, 8, 15);
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(TestPaths.SharedData);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static long Scalar(string store, string sql)
    {
        using var c = new SqliteConnection($"Data Source={store};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_second_store_on_the_same_file_is_refused_naming_the_date_and_the_holder_until_the_first_lets_go()
    {
        // Given two stores over one file (as two processes would open it) and the first holding 2024-08-15
        var path = Path.Combine(TestPaths.NewTempFolder(), "s.db");
        var first = new SqlitePaperStore(path);
        var second = new SqlitePaperStore(path);
        var held = await first.AcquireDayAsync(Day, "digest", CancellationToken.None);

        // When the second asks for the same date, and for another date
        var refused = await Assert.ThrowsAsync<DayBusyException>(() => second.AcquireDayAsync(Day, "fetch", CancellationToken.None));
        await using (await second.AcquireDayAsync(Day.AddDays(1), "fetch", CancellationToken.None)) { }

        // Then the refusal names the date and the holder (what, machine, process); another date is free
        Assert.Equal(Day, refused.Date);
        Assert.StartsWith("2024-08-15 is already being run by digest on " + Environment.MachineName + $" (pid {Environment.ProcessId}) since ", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith("; try again when that run has finished", refused.Message, StringComparison.Ordinal);

        // And once the first lets go the second gets it, with its own description
        await held.DisposeAsync();
        await using var again = await second.AcquireDayAsync(Day, "fetch", CancellationToken.None);
        var holder = await File.ReadAllTextAsync(Path.Combine(second.LockFolder, "2024-08-15.holder"));
        Assert.StartsWith("fetch on ", holder, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_holder_killed_with_sigkill_frees_the_date()
    {
        // Given another process (util-linux flock, the same kernel lock .NET takes) holding the date's lock file
        var store = new SqlitePaperStore(Path.Combine(TestPaths.NewTempFolder(), "s.db"));
        Directory.CreateDirectory(store.LockFolder);
        var lockFile = Path.Combine(store.LockFolder, "2024-08-15.lock");
        // --no-fork: the process killed is the one holding the lock (a forked child could hold it a moment longer)
        using var holder = Process.Start(new ProcessStartInfo("flock", ["--exclusive", "--no-fork", lockFile, "sleep", "120"]) { UseShellExecute = false })!;
        try
        {
            var refused = await WaitForRefusalAsync(store);
            Assert.Contains("2024-08-15 is already being run by another process", refused.Message, StringComparison.Ordinal);

            // When that process is killed
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();

            // Then the date is free at once
            await using var held = await store.AcquireDayAsync(Day, "digest", CancellationToken.None);
            Assert.True(File.Exists(Path.Combine(store.LockFolder, "2024-08-15.holder")));
        }
        finally
        {
            if (!holder.HasExited) holder.Kill(entireProcessTree: true);
        }
    }

    private static async Task<DayBusyException> WaitForRefusalAsync(SqlitePaperStore store)
    {
        // flock starts asynchronously: wait (bounded) until its lock is in place
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await using (await store.AcquireDayAsync(Day, "digest", CancellationToken.None)) { }
            }
            catch (DayBusyException ex)
            {
                return ex;
            }
            await Task.Delay(50);
        }
        throw new InvalidOperationException("the flock process never took the lock");
    }

    [Fact]
    public async Task A_cli_digest_in_another_process_is_refused_while_this_process_runs_the_date_and_stores_nothing()
    {
        // Given this process holding 2024-08-15 of a store file
        var path = Path.Combine(TestPaths.NewTempFolder(), "s.db");
        var store = new SqlitePaperStore(path);
        await store.GetDatesAsync(CancellationToken.None); // creates the file, so "no run stored" can be counted
        var held = await store.AcquireDayAsync(Day, "digest", CancellationToken.None);

        // When the real dailypapers program digests that date on the same file
        var refused = await CliRunner.RunProcessAsync(new Dictionary<string, string> { ["DAILYPAPERS__STORE__PATH"] = path }, "digest", "--date", "2024-08-15");

        // Then it exits 2 with one line naming the date and this process, and stored no run
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"error: 2024-08-15 is already being run by digest on {Environment.MachineName} (pid {Environment.ProcessId}) since ", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("", refused.Stdout);
        Assert.Equal(0L, Scalar(path, "SELECT COUNT(*) FROM runs"));

        // And once this process lets go, the same command runs the day
        await held.DisposeAsync();
        var ran = await CliRunner.RunAsync(path, "digest", "--date", "2024-08-15");
        Assert.True(ran.ExitCode == 0, ran.Stderr);
        Assert.Equal(1L, Scalar(path, "SELECT COUNT(*) FROM runs"));
        Assert.False(File.Exists(Path.Combine(store.LockFolder, "2024-08-15.holder")));
    }

    [Fact]
    public async Task A_fetch_of_a_range_reports_a_held_day_as_failed_by_name_and_fetches_the_others()
    {
        // Given 2024-08-15 held by another run
        var path = LiveHost.NewStore();
        await using var held = await new SqlitePaperStore(path).AcquireDayAsync(Day, "digest", CancellationToken.None);
        var env = new Dictionary<string, string>
        {
            ["DAILYPAPERS__STORE__PATH"] = path,
            ["DAILYPAPERS__HUGGINGFACE__BASEURL"] = _server.BaseUrl,
            ["DAILYPAPERS__ARXIV__APIURL"] = _server.BaseUrl + "/api/query",
            ["DAILYPAPERS__ARXIV__BASEURL"] = _server.BaseUrl,
            ["DAILYPAPERS__ARXIV__POLITENESSDELAY"] = "00:00:00",
        };

        // When the two days 2024-08-15 and 2024-08-16 are fetched
        var result = await CliRunner.RunAsync(env, "fetch", "--from", "2024-08-15", "--to", "2024-08-16");

        // Then the held day is a named failure, the other is stored, and the held day wrote no entries
        Assert.Contains("2024-08-15: FAILED: 2024-08-15 is already being run by digest on ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("2024-08-16: 12 papers stored", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0L, Scalar(path, "SELECT COUNT(*) FROM daily_entries WHERE date = '2024-08-15'"));
        Assert.Equal(12L, Scalar(path, "SELECT COUNT(*) FROM daily_entries WHERE date = '2024-08-16'"));
    }
}
