using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Storage;

/// <summary>The default store: one SQLite file, created and migrated on first use.</summary>
public sealed partial class SqlitePaperStore : RelationalPaperStore
{
    private readonly string _connectionString;

    /// <summary>
    /// Opens the store at <paramref name="path"/>; its folder is created on first use. <paramref name="cacheMiB"/>
    /// bounds SQLite's page caches in this process, all connections together (0: SQLite's default, 2 MiB per connection).
    /// </summary>
    public SqlitePaperStore(string path, int cacheMiB = StoreOptions.DefaultSqliteCacheMiB)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (cacheMiB < 0)
            throw new ArgumentOutOfRangeException(nameof(cacheMiB), cacheMiB, "DailyPapers:Store:SqliteCacheMiB must be 0 (SQLite's default) or a number of MiB");
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        _cacheBytes = cacheMiB * 1024L * 1024L;
    }

    private readonly long _cacheBytes;

    /// <summary>The SQLite file.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override string Name => Path;

    /// <inheritdoc />
    protected override Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        using var c = new SqliteConnection(_connectionString);
        c.Open();
        // Without a total, each pooled connection keeps up to 2 MiB of pages, so a server's memory grows with its pool
        // and its store. The soft heap limit is SQLite's, for the whole process: the last store opened sets it.
        if (_cacheBytes > 0)
            SQLitePCL.raw.sqlite3_soft_heap_limit64(_cacheBytes);
        SqliteSchema.Migrate(c);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var c = new SqliteConnection(_connectionString);
        try
        {
            await c.OpenAsync(cancellationToken).ConfigureAwait(false);
            // WAL with synchronous=NORMAL: a commit is not fsync'd, only checkpoints are. A killed process loses no
            // committed write; a power cut can lose the last commits (re-running the day redoes them), never corrupt the file.
            await using var pragma = c.CreateCommand();
            // journal_size_limit: a log grown large (an import) is cut back to 64 MiB when it starts afresh; with a server's
            // connection always open (WalIndexStamp) no last connection closes to delete it.
            pragma.CommandText = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=67108864;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return c;
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Microsoft.Data.Sqlite only checks the token between calls; sqlite3_interrupt stops a running statement.</remarks>
    protected override IDisposable? InterruptOnCancel(DbConnection connection, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled && connection is SqliteConnection { Handle: { } handle }
            ? cancellationToken.Register(static h => SQLitePCL.raw.sqlite3_interrupt((SQLitePCL.sqlite3)h!), handle)
            : null;

    /// <inheritdoc />
    protected override object? ToDb(object? value) => value switch
    {
        // Dates and times are ISO text (UTC), so they sort and compare as text; flags are 0 or 1.
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? 1 : 0,
        _ => value,
    };

    /// <inheritdoc />
    protected override DateOnly ReadDate(DbDataReader reader, int ordinal) =>
        DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    protected override DateTimeOffset? ReadTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.Parse(reader.GetString(ordinal), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
