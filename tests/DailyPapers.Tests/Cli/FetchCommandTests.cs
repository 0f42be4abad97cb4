using DailyPapers.Tests.Live;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Cli;

public sealed class FetchCommandTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(TestPaths.SharedData);
        _server.PdfForAll = PdfMaker.Make("A paper made for the loopback server.");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string> Env(string store) => new()
    {
        ["DAILYPAPERS__STORE__PATH"] = store,
        ["DAILYPAPERS__HUGGINGFACE__BASEURL"] = _server.BaseUrl,
        ["DAILYPAPERS__ARXIV__APIURL"] = _server.BaseUrl + "/api/query",
        ["DAILYPAPERS__ARXIV__BASEURL"] = _server.BaseUrl,
        ["DAILYPAPERS__ARXIV__POLITENESSDELAY"] = "00:00:00",
    };

    private static long Scalar(string store, string sql)
    {
        using var c = new SqliteConnection($"Data Source={store};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task Fetch_of_a_range_stores_the_days_and_says_which_had_no_papers()
    {
        var store = LiveHost.NewStore();

        var result = await CliRunner.RunAsync(Env(store), "fetch", "--from", "2024-08-15", "--to", "2024-08-17");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("2024-08-15: 8 papers stored", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("2024-08-16: 12 papers stored", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("2024-08-17: no papers that day", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("day 1/3: 2024-08-15", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("day 3/3: 2024-08-17", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(20L, Scalar(store, "SELECT COUNT(*) FROM daily_entries"));
        Assert.Equal(20L, Scalar(store, "SELECT COUNT(*) FROM papers WHERE arxiv_json IS NOT NULL"));
        Assert.Equal(20L, Scalar(store, "SELECT COUNT(*) FROM full_texts"));
        Assert.Equal(0L, Scalar(store, "SELECT COUNT(*) FROM summaries"));
    }

    [Fact]
    public async Task A_range_of_more_than_a_year_is_refused_without_force_and_nothing_is_fetched()
    {
        var store = LiveHost.NewStore();

        var result = await CliRunner.RunAsync(Env(store), "fetch", "--from", "0001-01-01", "--to", "9999-12-31");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--from 0001-01-01 --to 9999-12-31 is 3,652,059 days, more than 366; fetch it in parts or add --force", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("day 1/", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("Pacific/Kiritimati")] // UTC+14
    [InlineData("Pacific/Pago_Pago")]  // UTC-11
    public async Task The_date_asked_for_is_the_date_fetched_in_any_time_zone(string zone)
    {
        var store = LiveHost.NewStore();
        var env = Env(store);
        env["TZ"] = zone;

        var result = await CliRunner.RunAsync(env, "fetch", "--date", "2024-08-16");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, _server.Count("/api/daily_papers?date=2024-08-16"));
        Assert.Equal(1, _server.Count("/api/daily_papers"));
        Assert.Equal(12L, Scalar(store, "SELECT COUNT(*) FROM daily_entries WHERE date = '2024-08-16'"));
    }

    [Fact]
    public async Task Digest_of_a_day_outside_the_sample_fetches_it_from_the_api()
    {
        var store = LiveHost.NewStore();

        var result = await CliRunner.RunAsync(Env(store), "digest", "--date", "2024-08-16");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("## Daily Papers (2024-08-16)\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(12, result.Stdout.Split('\n').Count(l => l.StartsWith("### [", StringComparison.Ordinal)));
        Assert.Equal(1, _server.Count("/api/daily_papers?date=2024-08-16"));
    }

    [Fact]
    public async Task A_stored_offline_snapshot_is_kept_offline_and_replaced_by_the_live_day_once_the_api_answers()
    {
        // Given the README command ran offline, storing the bundled sample as a snapshot
        var store = LiveHost.NewStore();
        var offline = await CliRunner.RunAsync(store, "digest", "--date", "2024-08-15");
        var offlineAgain = await CliRunner.RunAsync(store, "digest", "--date", "2024-08-15");

        // When it runs again with the API and arXiv reachable
        var online = await CliRunner.RunAsync(Env(store), "digest", "--date", "2024-08-15");

        // Then the offline re-run kept the snapshot without reaching for arXiv, and the online run took the live day
        // from the API and enriched its papers from arXiv (metadata and full text stored)
        Assert.Equal(0, offline.ExitCode);
        Assert.Equal(offline.Stdout, offlineAgain.Stdout);
        Assert.Contains("[enrich 0/0] skipped for the bundled offline sample", offlineAgain.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", offlineAgain.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, online.ExitCode);
        Assert.Equal(1, _server.Count("/api/daily_papers?date=2024-08-15"));
        Assert.DoesNotContain("skipped for the bundled offline sample", online.Stderr, StringComparison.Ordinal);
        Assert.Equal(0L, Scalar(store, "SELECT COUNT(*) FROM daily_entries WHERE date = '2024-08-15' AND snapshot = 1"));
        Assert.True(Scalar(store, "SELECT COUNT(*) FROM papers WHERE arxiv_json IS NOT NULL") > 0);
        Assert.True(Scalar(store, "SELECT COUNT(*) FROM full_texts") > 0);
    }

    [Fact]
    public async Task Offline_the_readme_command_falls_back_to_the_bundled_sample_and_prints_the_same_digest()
    {
        // Given no reachable API (the default test environment points every service at a closed loopback port)
        var store = LiveHost.NewStore();

        var result = await CliRunner.RunAsync(store, "digest", "--date", "2024-08-15");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(TestPaths.Expectations, "digest-2024-08-15.verified.md")), result.Stdout);
        Assert.DoesNotContain("WARNING", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_offline_fails_each_day_with_the_reason_and_exits_one()
    {
        var result = await CliRunner.RunAsync(LiveHost.NewStore(), "fetch", "--date", "2024-08-15");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("2024-08-15: FAILED: http://127.0.0.1:1/api/daily_papers?date=2024-08-15: connection refused", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "fetch" }, "give either --date YYYY-MM-DD or both --from YYYY-MM-DD and --to YYYY-MM-DD")]
    [InlineData(new[] { "fetch", "--from", "2024-08-20", "--to", "2024-08-10" }, "--to 2024-08-10 is before --from 2024-08-20")]
    [InlineData(new[] { "fetch", "--date", "2024-02-30" }, "--date '2024-02-30' is not a date")]
    public async Task Bad_fetch_arguments_get_one_clear_line(string[] args, string expected)
    {
        var result = await CliRunner.RunAsync(LiveHost.NewStore(), args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: " + expected, result.Stderr, StringComparison.Ordinal);
    }
}
