using DailyPapers.Storage;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Storage;

/// <summary>The store contract against the default SQLite store (a file in a temp folder).</summary>
public sealed class SqliteStoreContractTests : StoreContract
{
    protected override Task<IPaperStore> CreateStoreAsync() =>
        Task.FromResult<IPaperStore>(new SqlitePaperStore(Path.Combine(TestPaths.NewTempFolder(), "store.db")));

    protected override IPaperStore Reopen(IPaperStore store) => new SqlitePaperStore(((SqlitePaperStore)store).Path);

    protected override async Task SetSchemaVersionAsync(IPaperStore store, int version)
    {
        await using var c = new SqliteConnection($"Data Source={((SqlitePaperStore)store).Path};Pooling=false");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"PRAGMA user_version = {version}";
        await cmd.ExecuteNonQueryAsync();
    }
}
