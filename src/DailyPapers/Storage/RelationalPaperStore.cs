using System.Data.Common;
using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>
/// The part of a store that is the same on every SQL database: the statements and row rules for papers, days,
/// summaries, full texts, runs and fetches, how a day is saved, the open-and-migrate policy and the store-error
/// policy. A subclass says how to connect and migrate, how values are written and read, and how it searches.
/// </summary>
public abstract partial class RelationalPaperStore : IPaperStore, IPaperSearch, IFetchLog, IDeliveryStore
{
    /// <summary>How stored JSON documents are written and read.</summary>
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SemaphoreSlim _migrating = new(1, 1);
    private volatile bool _migrated;
    private long _writes;
    private readonly GroupCommit<PendingSummary> _summaryWrites;

    /// <summary>Sets up the group commit of summaries (<see cref="SaveSummaryAsync"/>).</summary>
    protected RelationalPaperStore() =>
        _summaryWrites = new(batch => WriteAsync(async (c, tx) =>
        {
            foreach (var summary in batch)
                await InsertSummaryAsync(c, tx, summary, CancellationToken.None).ConfigureAwait(false);
        }, CancellationToken.None));

    /// <summary>A summary waiting for its commit, already serialized.</summary>
    private sealed record PendingSummary(SummaryKey Key, string Json, DateTimeOffset CreatedAt);

    /// <summary>Where the store is, for messages: a file path or user@host:port/database, never a password.</summary>
    public abstract string Name { get; }

    /// <summary>Writes committed by this instance so far (a cheap local part of a change stamp).</summary>
    protected long LocalWrites => Interlocked.Read(ref _writes);

    /// <summary>Creates or migrates the schema; runs until it succeeds once (a failure is retried on the next call).</summary>
    protected abstract Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>A new open connection, ready for statements (the schema is already migrated).</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>A .NET value (string, int, long, bool, DateOnly, DateTimeOffset or null) as this database stores it.</summary>
    protected abstract object? ToDb(object? value);

    /// <summary>A stored date.</summary>
    protected abstract DateOnly ReadDate(DbDataReader reader, int ordinal);

    /// <summary>A stored time, or null.</summary>
    protected abstract DateTimeOffset? ReadTime(DbDataReader reader, int ordinal);

    /// <summary>Keeps other writers of the same date out until the transaction ends (nothing to do where writes are serialized).</summary>
    protected virtual Task LockDayAsync(DbConnection connection, DbTransaction transaction, DateOnly date, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether a failed write may succeed when run again (a deadlock, a serialization failure).</summary>
    protected virtual bool IsRetryable(DbException exception) => false;

    /// <summary>The message with any secret of the connection replaced.</summary>
    protected virtual string Redact(string message) => message;

    /// <summary>Whether an exception is the database's (or its file's, or its network's) failure rather than a bug.</summary>
    protected virtual bool IsStoreFailure(Exception exception) =>
        exception is DbException or TimeoutException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException;

    /// <summary>The named store error for a failure: "<paramref name="what"/> the store 'Name': reason".</summary>
    protected StoreException Failure(string what, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        // A database's message can quote its connection (and so a password): it is redacted, and the original is not attached.
        return new StoreException($"{what} the store '{Name}': {Redact(exception.Message)}", exception is DbException or StoreException ? null : exception);
    }

    /// <summary>An open connection to the migrated store; a failure is a <see cref="StoreException"/>.</summary>
    protected Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(OpenConnectionAsync, cancellationToken);

    /// <summary>A connection from <paramref name="open"/> (another pool of the same database), the schema brought up to date first.</summary>
    protected async Task<DbConnection> OpenAsync(Func<CancellationToken, Task<DbConnection>> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (!_migrated) await MigrateOnceAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await open(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Failure("cannot connect to", ex);
        }
    }

    private async Task MigrateOnceAsync(CancellationToken cancellationToken)
    {
        // Not Lazy<T>: it would keep a failed first open (a folder not there yet, a server still starting) for the process's life.
        await _migrating.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_migrated) return;
            await MigrateAsync(cancellationToken).ConfigureAwait(false);
            _migrated = true;
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Failure("cannot open", ex);
        }
        finally
        {
            _migrating.Release();
        }
    }

    /// <summary>
    /// Stops a statement running on <paramref name="connection"/> when <paramref name="cancellationToken"/> fires (a
    /// web request whose client left), for drivers that do not do it themselves; disposed before the connection is.
    /// </summary>
    protected virtual IDisposable? InterruptOnCancel(DbConnection connection, CancellationToken cancellationToken) => null;

    /// <summary>Runs a query on an open connection; a database error becomes a <see cref="StoreException"/>.</summary>
    protected Task<T> RunAsync<T>(Func<DbConnection, Task<T>> query, CancellationToken cancellationToken) =>
        RunAsync(query, OpenConnectionAsync, cancellationToken);

    /// <summary>Runs a query on a connection from <paramref name="open"/>; a database error becomes a <see cref="StoreException"/>.</summary>
    protected async Task<T> RunAsync<T>(Func<DbConnection, Task<T>> query, Func<CancellationToken, Task<DbConnection>> open, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var c = await OpenAsync(open, cancellationToken).ConfigureAwait(false);
        try
        {
            return await query(c).ConfigureAwait(false);
        }
        catch (DbException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the query was cancelled", cancellationToken); // interrupted, not failed
        }
        catch (Exception ex) when (IsStoreFailure(ex))
        {
            throw Failure("a query failed on", ex);
        }
    }

    /// <summary>Runs a write in one transaction; a retryable failure is tried again (three tries in all).</summary>
    protected Task WriteAsync(Func<DbConnection, DbTransaction, Task> write, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await write(c, tx).ConfigureAwait(false);
                    await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _writes);
                    return true;
                }
                catch (DbException ex) when (attempt < 3 && IsRetryable(ex))
                {
                    await tx.RollbackAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken);

    /// <summary>A command with named parameters (written <c>@name</c> in the SQL), each value as <see cref="ToDb"/> stores it.</summary>
    protected DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] args)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = ToDb(value) ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>Runs a statement inside a transaction.</summary>
    protected async Task ExecAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] args)
    {
        await using var cmd = Command(connection, transaction, sql, args);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every row of a query, each read by <paramref name="read"/>.</summary>
    protected Task<IReadOnlyList<T>> ReadListAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] args) =>
        RunAsync(async c =>
        {
            await using var cmd = Command(c, null, sql, args);
            using var interrupt = InterruptOnCancel(c, cancellationToken);
            var list = new List<T>();
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) list.Add(read(r));
            return (IReadOnlyList<T>)list;
        }, cancellationToken);

    private async Task<T?> ReadJsonAsync<T>(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] args) where T : class =>
        (await ReadListAsync(sql, r => r.GetString(0), cancellationToken, args).ConfigureAwait(false)) is [var json, ..]
            ? JsonSerializer.Deserialize<T>(json, Json)
            : null;

    /// <inheritdoc />
    public Task SaveDayAsync(DayFeed day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (day.Entries.Count == 0) return Task.CompletedTask; // an empty or unreadable feed never wipes a stored day
        return WriteAsync(async (c, tx) =>
        {
            // One writer per date at a time (two feeds of a day never mix), and papers written in one order, so two
            // days sharing papers cannot deadlock where rows are locked one by one.
            await LockDayAsync(c, tx, day.Date, cancellationToken).ConfigureAwait(false);
            foreach (var entry in day.Entries.OrderBy(e => e.Paper.ArxivId, StringComparer.Ordinal))
                await UpsertPaperAsync(c, tx, entry.Paper, cancellationToken).ConfigureAwait(false);
            await ExecAsync(c, tx, "DELETE FROM daily_entries WHERE date = @date", cancellationToken, ("date", day.Date)).ConfigureAwait(false);
            foreach (var e in day.Entries)
            {
                await ExecAsync(c, tx, """
                    INSERT INTO daily_entries (date, arxiv_id, feed_order, upvotes, media_url, comments, posted_at, snapshot, origin, announce_type)
                    VALUES (@date, @id, @order, @upvotes, @media, @comments, @posted, @snapshot, @origin, @announce)
                    """, cancellationToken,
                    ("date", day.Date), ("id", e.Paper.ArxivId), ("order", e.FeedOrder), ("upvotes", e.Upvotes),
                    ("media", e.MediaUrl), ("comments", e.Comments), ("posted", e.PostedAt), ("snapshot", day.IsSnapshot),
                    ("origin", e.Origin), ("announce", e.AnnounceType)).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    /// <summary>Stores (or refreshes) one paper and leaves every day's entries as they are (a worker's enrich job).</summary>
    public Task SavePaperAsync(Paper paper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paper);
        return WriteAsync((c, tx) => UpsertPaperAsync(c, tx, paper, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Inserts or refreshes a paper; metadata already stored is kept when the new record lacks it. A paper whose stored
    /// row would not change is not rewritten, so re-saving a day (after enrichment, on a re-run) does not re-index its text.
    /// </summary>
    private Task UpsertPaperAsync(DbConnection c, DbTransaction tx, Paper p, CancellationToken ct) =>
        ExecAsync(c, tx, """
            INSERT INTO papers (arxiv_id, version, title, authors_json, abstract, published_at, links_json, arxiv_json, hf_json, updated_at)
            VALUES (@id, @version, @title, @authors, @abstract, @published, @links, @arxiv, @hf, @now)
            ON CONFLICT (arxiv_id) DO UPDATE SET
                version      = COALESCE(excluded.version, papers.version),
                title        = excluded.title,
                authors_json = excluded.authors_json,
                abstract     = CASE WHEN excluded.abstract <> '' THEN excluded.abstract ELSE papers.abstract END,
                published_at = COALESCE(excluded.published_at, papers.published_at),
                links_json   = CASE WHEN excluded.links_json <> '[]' THEN excluded.links_json ELSE papers.links_json END,
                arxiv_json   = COALESCE(excluded.arxiv_json, papers.arxiv_json),
                hf_json      = COALESCE(excluded.hf_json, papers.hf_json),
                updated_at   = excluded.updated_at
            WHERE papers.version IS DISTINCT FROM COALESCE(excluded.version, papers.version)
               OR papers.title IS DISTINCT FROM excluded.title
               OR papers.authors_json IS DISTINCT FROM excluded.authors_json
               OR (excluded.abstract <> '' AND papers.abstract IS DISTINCT FROM excluded.abstract)
               OR papers.published_at IS DISTINCT FROM COALESCE(excluded.published_at, papers.published_at)
               OR (excluded.links_json <> '[]' AND papers.links_json IS DISTINCT FROM excluded.links_json)
               OR papers.arxiv_json IS DISTINCT FROM COALESCE(excluded.arxiv_json, papers.arxiv_json)
               OR papers.hf_json IS DISTINCT FROM COALESCE(excluded.hf_json, papers.hf_json)
            """, ct,
            ("id", p.ArxivId), ("version", p.Version), ("title", p.Title), ("authors", JsonSerializer.Serialize(p.Authors, Json)),
            ("abstract", p.Abstract), ("published", p.PublishedAt), ("links", JsonSerializer.Serialize(p.Links, Json)),
            ("arxiv", p.Arxiv is null ? null : JsonSerializer.Serialize(p.Arxiv, Json)),
            ("hf", p.HuggingFace is null ? null : JsonSerializer.Serialize(p.HuggingFace, Json)), ("now", DateTimeOffset.UtcNow));

    /// <inheritdoc />
    public async Task<DayFeed?> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var rows = await ReadListAsync($"""
            SELECT {StoredRows.EntryColumns}, {StoredRows.PaperColumns}
            FROM daily_entries e JOIN papers p ON p.arxiv_id = e.arxiv_id
            WHERE e.date = @date ORDER BY e.feed_order
            """, r => (Snapshot: StoredRows.IsSnapshot(r), Entry: StoredRows.Entry(r, date, ReadTime)), cancellationToken, ("date", date)).ConfigureAwait(false);
        return rows.Count == 0 ? null : new DayFeed(date, [.. rows.Select(row => row.Entry)], []) { IsSnapshot = rows.Any(row => row.Snapshot) };
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DateOnly>> GetDatesAsync(CancellationToken cancellationToken) =>
        ReadListAsync("SELECT DISTINCT date FROM daily_entries ORDER BY date", r => ReadDate(r, 0), cancellationToken);

    /// <inheritdoc />
    public async Task<Paper?> GetPaperAsync(string arxivId, CancellationToken cancellationToken) =>
        (await ReadListAsync($"SELECT {StoredRows.PaperColumns} FROM papers p WHERE p.arxiv_id = @id", r => StoredRows.Paper(r, 0, ReadTime), cancellationToken,
            ("id", arxivId)).ConfigureAwait(false)) is [var paper, ..] ? paper : null;

    /// <inheritdoc />
    public Task<Summary?> GetSummaryAsync(SummaryKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ReadJsonAsync<Summary>("""
            SELECT summary_json FROM summaries
            WHERE arxiv_id = @id AND version = @v AND summarizer = @s AND model = @m AND prompt_version = @p AND language = @l
            """, cancellationToken,
            ("id", key.ArxivId), ("v", key.Version), ("s", key.Summarizer), ("m", key.Model), ("p", key.PromptVersion), ("l", key.Language));
    }

    /// <inheritdoc />
    /// <remarks>Summaries finishing together are committed together (<see cref="GroupCommit{T}"/>).</remarks>
    public Task SaveSummaryAsync(SummaryKey key, Summary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(summary);
        return _summaryWrites.SaveAsync(new PendingSummary(key, JsonSerializer.Serialize(summary, Json), summary.CreatedAt), cancellationToken);
    }

    private Task InsertSummaryAsync(DbConnection c, DbTransaction tx, PendingSummary s, CancellationToken ct) =>
        ExecAsync(c, tx, """
            INSERT INTO summaries (arxiv_id, version, summarizer, model, prompt_version, language, summary_json, created_at)
            VALUES (@id, @v, @s, @m, @p, @l, @json, @at)
            ON CONFLICT (arxiv_id, version, summarizer, model, prompt_version, language)
            DO UPDATE SET summary_json = excluded.summary_json, created_at = excluded.created_at
            """, ct,
            ("id", s.Key.ArxivId), ("v", s.Key.Version), ("s", s.Key.Summarizer), ("m", s.Key.Model), ("p", s.Key.PromptVersion),
            ("l", s.Key.Language), ("json", s.Json), ("at", s.CreatedAt));

    /// <inheritdoc />
    public async Task<IReadOnlyList<Summary>> GetSummariesAsync(string arxivId, CancellationToken cancellationToken) =>
        [.. (await ReadListAsync("SELECT summary_json FROM summaries WHERE arxiv_id = @id ORDER BY created_at DESC", r => r.GetString(0), cancellationToken,
            ("id", arxivId)).ConfigureAwait(false)).Select(j => JsonSerializer.Deserialize<Summary>(j, Json)).OfType<Summary>()];

    /// <inheritdoc />
    public Task SaveFullTextAsync(FullText fullText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fullText);
        var json = JsonSerializer.Serialize(fullText, Json);
        return WriteAsync((c, tx) => ExecAsync(c, tx, """
            INSERT INTO full_texts (arxiv_id, source, url, text_json, size, truncated, fetched_at)
            VALUES (@id, @source, @url, @json, @size, @truncated, @at)
            ON CONFLICT (arxiv_id) DO UPDATE SET source = excluded.source, url = excluded.url, text_json = excluded.text_json,
                size = excluded.size, truncated = excluded.truncated, fetched_at = excluded.fetched_at
            """, cancellationToken,
            ("id", fullText.ArxivId), ("source", fullText.Source), ("url", fullText.Url), ("json", json),
            ("size", json.Length), ("truncated", fullText.Truncated), ("at", fullText.FetchedAt)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<FullText?> GetFullTextAsync(string arxivId, CancellationToken cancellationToken) =>
        ReadJsonAsync<FullText>("SELECT text_json FROM full_texts WHERE arxiv_id = @id", cancellationToken, ("id", arxivId));

    /// <inheritdoc />
    public Task SaveRunAsync(RunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return WriteAsync((c, tx) => ExecAsync(c, tx, """
            INSERT INTO runs (date, started_at, finished_at, succeeded, report_json) VALUES (@date, @start, @end, @ok, @json)
            """, cancellationToken,
            ("date", report.Date), ("start", report.StartedAt), ("end", report.FinishedAt),
            ("ok", report.Succeeded), ("json", JsonSerializer.Serialize(report, Json))), cancellationToken);
    }

    /// <inheritdoc />
    public Task<RunReport?> GetLatestRunAsync(DateOnly date, CancellationToken cancellationToken) =>
        ReadJsonAsync<RunReport>("SELECT report_json FROM runs WHERE date = @date ORDER BY id DESC LIMIT 1", cancellationToken, ("date", date));

    /// <inheritdoc />
    public Task SaveFetchAsync(FetchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return WriteAsync((c, tx) => ExecAsync(c, tx, "INSERT INTO fetches (date, status, fetched_at, report_json) VALUES (@date, @status, @at, @json)", cancellationToken,
            ("date", report.Date), ("status", report.Status.ToString()), ("at", report.FinishedAt),
            ("json", JsonSerializer.Serialize(report, Json))), cancellationToken);
    }

    /// <inheritdoc />
    public Task<FetchReport?> GetLatestFetchAsync(DateOnly date, CancellationToken cancellationToken) =>
        ReadJsonAsync<FetchReport>("SELECT report_json FROM fetches WHERE date = @date ORDER BY id DESC LIMIT 1", cancellationToken, ("date", date));

    /// <inheritdoc />
    public abstract Task<SearchPage> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Summary>>> GetDaySummariesAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var rows = await ReadListAsync("""
            SELECT s.arxiv_id, s.summary_json FROM summaries s
            WHERE s.arxiv_id IN (SELECT arxiv_id FROM daily_entries WHERE date = @date)
            ORDER BY s.arxiv_id, s.created_at DESC
            """, r => (Id: r.GetString(0), Json: r.GetString(1)), cancellationToken, ("date", date)).ConfigureAwait(false);
        return rows.GroupBy(row => row.Id, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => (IReadOnlyList<Summary>)[.. g.Select(row => JsonSerializer.Deserialize<Summary>(row.Json, Json)
                ?? throw new StoreException($"the store '{Name}' holds an empty summary for {row.Id}"))],
            StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DateOnly>> GetAppearancesAsync(string arxivId, CancellationToken cancellationToken) =>
        ReadListAsync("SELECT date FROM daily_entries WHERE arxiv_id = @id ORDER BY date", r => ReadDate(r, 0), cancellationToken, ("id", arxivId));

    /// <inheritdoc />
    public abstract ValueTask<StoreStamp> GetChangeStampAsync(CancellationToken cancellationToken);
}
