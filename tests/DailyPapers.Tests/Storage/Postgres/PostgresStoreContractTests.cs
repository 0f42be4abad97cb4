using DailyPapers.Postgres;
using DailyPapers.Storage;
using Npgsql;

namespace DailyPapers.Tests.Storage.Postgres;

/// <summary>The store contract against PostgreSQL: a fresh database per test on the run's throwaway server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresCluster cluster) : StoreContract
{
    private readonly Dictionary<IPaperStore, string> _connectionStrings = [];

    protected override async Task<IPaperStore> CreateStoreAsync()
    {
        var connectionString = await cluster.NewDatabaseAsync();
        var store = new PostgresPaperStore(connectionString);
        _connectionStrings[store] = connectionString;
        return store;
    }

    protected override IPaperStore Reopen(IPaperStore store)
    {
        var again = new PostgresPaperStore(_connectionStrings[store]);
        _connectionStrings[again] = _connectionStrings[store];
        return again;
    }

    protected override async Task SetSchemaVersionAsync(IPaperStore store, int version)
    {
        await using var c = new NpgsqlConnection(_connectionStrings[store] + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"UPDATE dailypapers_schema SET version = {version}", c);
        await cmd.ExecuteNonQueryAsync();
    }
}
