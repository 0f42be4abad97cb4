using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DailyPapers.Storage.Postgres;

/// <summary>The PostgreSQL store (<c>DailyPapers:Store:Provider = postgres</c>): same behaviour as the SQLite one, for several machines.</summary>
public sealed partial class PostgresPaperStore : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string? _password;
    private readonly SemaphoreSlim _migrating = new(1, 1);
    private volatile bool _migrated;

    /// <summary>Opens the store at <see cref="StoreOptions.ConnectionString"/>.</summary>
    public PostgresPaperStore(IOptions<StoreOptions> options)
        : this(options.Value.ConnectionString ?? "")
    {
    }

    /// <summary>Opens the store with an Npgsql connection string; the schema is created or migrated on first use.</summary>
    public PostgresPaperStore(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
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
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>Where the store is, for messages: user, host, port and database, never the password.</summary>
    public string Name { get; }

    /// <summary>An open connection to the migrated store.</summary>
    internal async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated) await MigrateOnceAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw Failure("cannot connect", ex);
        }
    }

    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        await _migrating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated) return;
            await using var c = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await PostgresSchema.MigrateAsync(c, Name, cancellationToken).ConfigureAwait(false);
            _migrated = true;
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw Failure("cannot open", ex);
        }
        finally
        {
            _migrating.Release();
        }
    }

    /// <summary>Runs a query, turning a database error into one that names the store (and never its password).</summary>
    internal async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> query, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await query(c).ConfigureAwait(false);
        }
        catch (DbException ex)
        {
            throw Failure("a query failed on", ex);
        }
    }

    /// <summary>Runs a write in one transaction; a deadlock or serialization failure is retried (three tries in all).</summary>
    internal Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> write, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await write(c, tx).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    return true;
                }
                catch (PostgresException ex) when (attempt < 3 && ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken);

    private InvalidOperationException Failure(string what, Exception ex) =>
        new($"{what} the store '{Name}': {Redact(ex.Message)}", ex is DbException ? null : ex);

    /// <summary>The message with the connection string's password (if any) replaced by ***.</summary>
    internal string Redact(string message) =>
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
    public ValueTask DisposeAsync()
    {
        _migrating.Dispose();
        return _dataSource.DisposeAsync();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _migrating.Dispose();
        _dataSource.Dispose();
    }
}
