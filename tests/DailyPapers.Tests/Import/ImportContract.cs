using DailyPapers.Import;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Storage.Postgres;
using DailyPapers.Postgres;

namespace DailyPapers.Tests.Import;

/// <summary>Bulk import against each real store: idempotent by id and version, searchable, the CLI end to end.</summary>
public abstract class ImportContract
{
    /// <summary>A new empty store and the CLI settings that name it.</summary>
    protected abstract Task<(IPaperStore Store, Dictionary<string, string> Env)> CreateAsync();

    private static Paper Make(string id, int version, string title) => new()
    {
        ArxivId = id,
        Version = version,
        Title = title,
        Authors = ["Ada Lovelace"],
        Abstract = "An abstract about " + title,
        Arxiv = new ArxivMetadata { Categories = ["cs.CL"], LatestVersion = version },
    };

    [Fact]
    public async Task A_re_import_changes_nothing_a_newer_version_replaces_and_an_older_one_is_ignored()
    {
        var (store, _) = await CreateAsync();
        var import = (IPaperImport)store;
        var ct = CancellationToken.None;

        Assert.Equal(2, await import.ImportPapersAsync([Make("2401.00001", 1, "Quokka grammars"), Make("2401.00002", 1, "Wombat parsing")], ct));
        Assert.Equal(0, await import.ImportPapersAsync([Make("2401.00001", 1, "Quokka grammars"), Make("2401.00002", 1, "Wombat parsing")], ct));
        Assert.Equal(1, await import.ImportPapersAsync([Make("2401.00001", 2, "Quokka grammars revisited")], ct));
        Assert.Equal(0, await import.ImportPapersAsync([Make("2401.00001", 1, "Quokka grammars")], ct));

        var paper = await store.GetPaperAsync("2401.00001", ct);
        Assert.Equal(2, paper!.Version);
        Assert.Equal("Quokka grammars revisited", paper.Title);
        Assert.Equal(["Ada Lovelace"], paper.Authors);
        Assert.Equal(["cs.CL"], paper.Arxiv!.Categories);
        var hits = await ((IPaperSearch)store).SearchAsync("revisited", 1, 10, ct);
        Assert.Equal(["2401.00001"], hits.Hits.Select(h => h.ArxivId));
        await DisposeAsync(store);
    }

    [Fact]
    public async Task Two_versions_of_one_paper_in_one_batch_store_the_newer()
    {
        var (store, _) = await CreateAsync();

        var changed = await ((IPaperImport)store).ImportPapersAsync([Make("2401.00003", 3, "Third"), Make("2401.00003", 1, "First")], CancellationToken.None);

        Assert.True(changed >= 1);
        var paper = await store.GetPaperAsync("2401.00003", CancellationToken.None);
        Assert.Equal((3, "Third"), (paper!.Version!.Value, paper.Title));
        await DisposeAsync(store);
    }

    [Fact]
    public async Task The_cli_imports_both_samples_reports_counts_re_imports_nothing_and_the_papers_are_searchable()
    {
        var (store, env) = await CreateAsync();
        var ids = ArxivSnapshotReader.Read(ArxivSnapshotReaderTests.KaggleSample).Concat(ArxivSnapshotReader.Read(ArxivSnapshotReaderTests.AbsSample))
            .Where(r => r.Paper is not null).Select(r => r.Paper!.ArxivId).Distinct().Count();

        var kaggle = await CliRunner.RunAsync(env, "import-arxiv", ArxivSnapshotReaderTests.KaggleSample, "--batch", "64");
        var abs = await CliRunner.RunAsync(env, "import-arxiv", ArxivSnapshotReaderTests.AbsSample, "--batch", "500");
        var again = await CliRunner.RunAsync(env, "import-arxiv", ArxivSnapshotReaderTests.KaggleSample);

        Assert.True(kaggle.ExitCode == 0, kaggle.Stderr);
        Assert.True(abs.ExitCode == 1, abs.Stderr); // one record of the sample is an empty file
        Assert.Contains($"dailypapers: {ArxivSnapshotReaderTests.AbsSample}: line 1126: skipped: .abs record: empty record", abs.Stderr, StringComparison.Ordinal);
        Assert.Contains("200 records read, 200 papers inserted or updated, 0 unchanged", kaggle.Stderr, StringComparison.Ordinal);
        Assert.Contains(", 1 skipped as unreadable", abs.Stderr, StringComparison.Ordinal);
        Assert.Contains("1,192 records read, ", abs.Stderr, StringComparison.Ordinal);
        Assert.Contains("200 records read, 0 papers inserted or updated, 200 unchanged", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("import: 200 read, 200 stored, 0 skipped, ", kaggle.Stderr, StringComparison.Ordinal);
        var all = await ((IPaperSearch)store).SearchAsync("Lyapunov exponents", 1, 50, CancellationToken.None);
        Assert.Contains("acc-phys/9411001", all.Hits.Select(h => h.ArxivId));
        var dates = await store.GetDatesAsync(CancellationToken.None);
        Assert.Empty(dates); // papers only: an import adds no day
        Assert.Equal(ids, await CountPapersAsync(store));
        await DisposeAsync(store);
    }

    [Fact]
    public async Task The_cli_names_each_malformed_line_skips_it_and_exits_1_with_the_rest_stored()
    {
        var (store, env) = await CreateAsync();
        var file = Path.Combine(TestPaths.NewTempFolder(), "mixed.json");
        var good = File.ReadLines(ArxivSnapshotReaderTests.KaggleSample).Take(3).ToList();
        File.WriteAllLines(file, [good[0], "{\"id\": \"2401.1\u001b[31m\"", good[1], """{"id":"0704.0009","versions":[{"version":"v1"}]}""", good[2]]);

        var result = await CliRunner.RunAsync(env, "import-arxiv", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"dailypapers: {file}: line 2: skipped: not JSON: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"dailypapers: {file}: line 4: skipped: 0704.0009: no \"title\"", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("5 records read, 3 papers inserted or updated, 0 unchanged (already stored at that version or newer), 2 skipped as unreadable", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, await CountPapersAsync(store));
        await DisposeAsync(store);
    }

    private Task<int> CountPapersAsync(IPaperStore store) => CountAsync(store);

    /// <summary>How many papers the store holds.</summary>
    protected abstract Task<int> CountAsync(IPaperStore store);

    private static async Task DisposeAsync(IPaperStore store)
    {
        if (store is IAsyncDisposable d) await d.DisposeAsync();
    }
}

/// <summary>The import contract on a SQLite file.</summary>
public sealed class SqliteImportTests : ImportContract
{
    protected override Task<(IPaperStore Store, Dictionary<string, string> Env)> CreateAsync()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "s.db");
        return Task.FromResult<(IPaperStore, Dictionary<string, string>)>((new SqlitePaperStore(path), new() { ["DAILYPAPERS__STORE__PATH"] = path }));
    }

    protected override Task<int> CountAsync(IPaperStore store)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={((SqlitePaperStore)store).Path};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM papers";
        return Task.FromResult((int)(long)cmd.ExecuteScalar()!);
    }
}

/// <summary>The import contract on the real PostgreSQL server (binary COPY path).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresImportTests(PostgresCluster cluster) : ImportContract
{
    private readonly Dictionary<IPaperStore, string> _connectionStrings = [];

    protected override async Task<(IPaperStore Store, Dictionary<string, string> Env)> CreateAsync()
    {
        var connectionString = await cluster.NewDatabaseAsync();
        var store = new PostgresPaperStore(connectionString);
        _connectionStrings[store] = connectionString;
        return (store, new() { ["DAILYPAPERS__STORE__PROVIDER"] = "postgres", ["DAILYPAPERS__STORE__CONNECTIONSTRING"] = connectionString });
    }

    protected override async Task<int> CountAsync(IPaperStore store)
    {
        await using var c = new Npgsql.NpgsqlConnection(_connectionStrings[store] + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM papers", c);
        return (int)(long)(await cmd.ExecuteScalarAsync())!;
    }
}
