using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

/// <summary>The store-error policy on SQLite: a named <see cref="StoreException"/>, and a failed first open tried again.</summary>
public sealed class StoreErrorTests
{
    [Fact]
    public async Task A_store_whose_folder_cannot_exist_yet_fails_by_name_and_opens_once_it_can()
    {
        // Given a store path under a plain file (so its folder cannot be made)
        var root = TestPaths.NewTempFolder();
        var blocker = Path.Combine(root, "data");
        await File.WriteAllTextAsync(blocker, "not a folder");
        var store = new SqlitePaperStore(Path.Combine(blocker, "store.db"));

        // When it is first used, then the file is moved out of the way and it is used again
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.GetDatesAsync(CancellationToken.None));
        File.Delete(blocker);
        var dates = await store.GetDatesAsync(CancellationToken.None);

        // Then the first error named the store, and the same instance opened later (the failure was not kept)
        Assert.StartsWith($"cannot open the store '{store.Path}': ", ex.Message, StringComparison.Ordinal);
        Assert.Empty(dates);
        Assert.True(File.Exists(store.Path));
    }

    [Fact]
    public async Task A_corrupt_store_file_is_a_named_store_error_and_a_repaired_one_opens()
    {
        // Given a store file that is not a database
        var path = Path.Combine(TestPaths.NewTempFolder(), "store.db");
        await File.WriteAllBytesAsync(path, [.. Enumerable.Repeat((byte)0x5A, 8192)]);
        var store = new SqlitePaperStore(path);

        // When it is read, then the file is replaced by a good store and it is read again
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.GetDatesAsync(CancellationToken.None));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(path);
        var good = new SqlitePaperStore(path);
        await good.SaveDayAsync(Fixtures.SampleDay(), CancellationToken.None);

        // Then the error says which file and what SQLite found; the first instance now reads the repaired file
        Assert.StartsWith($"cannot open the store '{path}': ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", ex.Message, StringComparison.Ordinal);
        Assert.Equal([Fixtures.SampleDay().Date], await store.GetDatesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_failing_query_is_a_named_store_error()
    {
        // Given a working store whose summaries table another program dropped
        var store = new SqlitePaperStore(Path.Combine(TestPaths.NewTempFolder(), "store.db"));
        await store.GetDatesAsync(CancellationToken.None);
        await using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store.Path};Pooling=false"))
        {
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "DROP TABLE summaries";
            await cmd.ExecuteNonQueryAsync();
        }

        // When a summary is read
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.GetSummariesAsync("2408.07246", CancellationToken.None));

        // Then the error names the store and SQLite's reason
        Assert.Equal($"a query failed on the store '{store.Path}': SQLite Error 1: 'no such table: summaries'.", ex.Message);
    }
}
