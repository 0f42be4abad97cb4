using System.Data.Common;
using System.Globalization;
using DailyPapers.Storage;
using Npgsql;

namespace DailyPapers.Postgres;

/// <summary>The PostgreSQL store (<c>DailyPapers:Store:Provider = postgres</c>): same behaviour as the SQLite one, for several machines.</summary>
public sealed partial class PostgresPaperStore : RelationalPaperStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string? _password;
    private readonly TimeProvider _time;

    /// <summary>Opens the store with an Npgsql connection string; the schema is created or migrated on first use.</summary>
    public PostgresPaperStore(string connectionString, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        _time = time ?? TimeProvider.System;
        _password = PasswordOf(connectionString);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("the PostgreSQL store needs a connection string: set DailyPapers:Store:ConnectionString (DAILYPAPERS__STORE__CONNECTIONSTRING)");
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"the PostgreSQL store's connection string (DailyPapers:Store:ConnectionString) is invalid: {Redact(ex.Message)}");
        }
        Name = Redact(string.Create(CultureInfo.InvariantCulture, $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}"));
        // No JIT compilation and no parallel workers unless the connection string sets them (e.g. Options=-c jit=on):
        // the store's statements are short, and a search's plan lists every year's partition (migration 14). Its
        // estimated cost, summed over partitions it never reads, passed jit_above_cost, so PostgreSQL compiled it for
        // about 200 ms, 50 times the search itself (measured at 2.7 M papers, bench/import-arxiv/README.md); and a
        // parallel plan reads the partitions all at once, in no order, where the search needs the newest first and
        // stops once it has enough.
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) != true)
            builder.Options = $"{builder.Options} -c jit=off".Trim();
        if (!builder.Options.Contains("max_parallel_workers_per_gather", StringComparison.OrdinalIgnoreCase))
            builder.Options = $"{builder.Options} -c max_parallel_workers_per_gather=0";
        _dataSource = NpgsqlDataSource.Create(builder);
        // Searches run on a pool of their own whose statements are prepared once per connection and always run a
        // generic plan: planning the search for every query (31 partitions, three scans) cost about 3 ms, more than
        // most searches take to run (PostgresPaperStore.Search). The other statements keep custom plans.
        var search = new NpgsqlConnectionStringBuilder(builder.ConnectionString);
        if (!search.Options!.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase))
            search.Options = $"{search.Options} -c plan_cache_mode=force_generic_plan";
        search.MaxPoolSize = Math.Min(search.MaxPoolSize, SearchPoolSize);
        // A search changes nothing in its session, so a connection going back to the pool needs no reset statement.
        search.NoResetOnClose = true;
        // Statements cannot be prepared on a multiplexing pool.
        search.Multiplexing = false;
        search.MinPoolSize = Math.Min(search.MinPoolSize, search.MaxPoolSize);
        _searchSource = NpgsqlDataSource.Create(search);
    }

    /// <summary>Most connections the search pool opens (at most the connection string's Maximum Pool Size).</summary>
    internal const int SearchPoolSize = 16;

    private readonly NpgsqlDataSource _searchSource;

    private async Task<DbConnection> OpenSearchConnectionAsync(CancellationToken cancellationToken) =>
        await _searchSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Where the store is, for messages: user, host, port and database, never the password.</summary>
    public override string Name { get; }

    /// <inheritdoc />
    protected override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var c = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresSchema.MigrateAsync(c, Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A connection to the store's database, its schema brought up to date first (the workers' tables live there too).</summary>
    public async Task<NpgsqlConnection> OpenNpgsqlAsync(CancellationToken cancellationToken) =>
        (NpgsqlConnection)await OpenAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override object? ToDb(object? value) => value switch
    {
        // timestamptz takes UTC values only; text and jsonb refuse the NUL character, so it becomes U+FFFD.
        DateTimeOffset t => t.ToUniversalTime(),
        string s => Storable(s),
        _ => value,
    };

    /// <inheritdoc />
    protected override DateOnly ReadDate(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateOnly>(ordinal);

    /// <inheritdoc />
    protected override DateTimeOffset? ReadTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    /// <inheritdoc />
    protected override Task LockDayAsync(DbConnection connection, DbTransaction transaction, DateOnly date, CancellationToken cancellationToken) =>
        ExecAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('dailypapers-day:' || @day))", cancellationToken,
            ("day", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

    /// <inheritdoc />
    protected override bool IsRetryable(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>
    /// The text as PostgreSQL can store it: NUL and unpaired surrogates become U+FFFD, and inside a JSON document
    /// (which starts with '{' or '[') so does the escape \u0000, which jsonb refuses. Other text is left alone.
    /// </summary>
    internal static string Storable(string text)
    {
        char[]? fixedText = null;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            var bad = ch == '\0'
                || (char.IsHighSurrogate(ch) && (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])))
                || (char.IsLowSurrogate(ch) && (i == 0 || !char.IsHighSurrogate(text[i - 1])));
            if (!bad) continue;
            fixedText ??= text.ToCharArray();
            fixedText[i] = '\uFFFD';
        }
        var result = fixedText is null ? text : new string(fixedText);
        return result.Length > 0 && result[0] is '{' or '[' && result.Contains("\\u0000", StringComparison.Ordinal)
            ? result.Replace("\\u0000", "\\uFFFD", StringComparison.Ordinal)
            : result;
    }

    /// <summary>The message with the connection string's password (if any) replaced by ***.</summary>
    protected override string Redact(string message) =>
        string.IsNullOrEmpty(_password) ? message : message.Replace(_password, "***", StringComparison.Ordinal);

    private static string? PasswordOf(string connectionString)
    {
        // Read with the generic parser so even a string Npgsql rejects has its password found and redacted.
        try
        {
            var generic = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in new[] { "password", "pwd", "psw" })
                if (generic.TryGetValue(key, out var value) && value is string s && s.Length > 0) return s;
        }
        catch (ArgumentException)
        {
            // Unparsable: no password can be told apart, and Npgsql's own parse below reports the problem.
        }
        return null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _searchSource.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _searchSource.Dispose();
        _dataSource.Dispose();
    }
}
