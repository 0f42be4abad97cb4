using DailyPapers.Tests.Storage.Postgres;
using Npgsql;

namespace DailyPapers.Tests.Cli;

[Collection(PostgresCollection.Name)]
public sealed class PostgresDigestTests(PostgresCluster cluster)
{
    [Fact]
    public async Task The_readme_command_on_a_postgres_store_gives_the_same_digest_twice_with_eight_entries()
    {
        // Given the CLI configured by environment for a PostgreSQL store
        var connectionString = await cluster.NewDatabaseAsync();
        var env = new Dictionary<string, string>
        {
            ["DAILYPAPERS__STORE__PROVIDER"] = "postgres",
            ["DAILYPAPERS__STORE__CONNECTIONSTRING"] = connectionString,
            ["DAILYPAPERS__STORE__PATH"] = Path.Combine(TestPaths.NewTempFolder(), "unused.db"),
        };

        // When the README's digest command runs twice
        var first = await CliRunner.RunAsync(env, "digest", "--date", "2024-08-15");
        var second = await CliRunner.RunAsync(env, "digest", "--date", "2024-08-15");

        // Then both print the same eight-paper digest, the re-run reuses every summary, and PostgreSQL holds the day once
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(0, second.ExitCode);
        Assert.StartsWith("## Daily Papers (2024-08-15)\n", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(8, first.Stdout.Split('\n').Count(l => l.StartsWith("### [", StringComparison.Ordinal)));
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("8 reused from the store", second.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(env["DAILYPAPERS__STORE__PATH"]));
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT (SELECT count(*) FROM daily_entries WHERE date = '2024-08-15') * 100 + (SELECT count(*) FROM runs)", c);
        Assert.Equal(802L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_store_file_option_with_the_postgres_provider_is_refused_not_ignored()
    {
        var env = new Dictionary<string, string>
        {
            ["DAILYPAPERS__STORE__PROVIDER"] = "postgres",
            ["DAILYPAPERS__STORE__CONNECTIONSTRING"] = "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d",
        };
        var file = Path.Combine(TestPaths.NewTempFolder(), "s.db");

        var result = await CliRunner.RunAsync(env, "digest", "--date", "2024-08-15", "--store", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: --store names a SQLite file, but the store provider is 'postgres'", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task A_postgres_store_without_a_connection_string_is_one_clear_line()
    {
        // Given the postgres provider and no connection string
        var env = new Dictionary<string, string>
        {
            ["DAILYPAPERS__STORE__PROVIDER"] = "postgres",
            ["DAILYPAPERS__STORE__PATH"] = Path.Combine(TestPaths.NewTempFolder(), "s.db"),
        };

        // When the digest runs
        var result = await CliRunner.RunAsync(env, "digest", "--date", "2024-08-15");

        // Then it stops with what to set, no stack trace
        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith("\nerror: the store provider is 'postgres' but DailyPapers:Store:ConnectionString (DAILYPAPERS__STORE__CONNECTIONSTRING) is not set", result.Stderr.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }
}
