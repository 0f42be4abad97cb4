using System.Globalization;
using System.Text.Json;
using DailyPapers.Papers;
using DailyPapers.Postgres;
using DailyPapers.Storage;
using Npgsql;

namespace DailyPapers.Workers;

/// <summary>What a run of a date was asked to do; stored as JSON in its <c>work_runs</c> row.</summary>
public sealed record WorkRequest(DateOnly Date, IReadOnlyList<string> Languages, string Summarizer)
{
    /// <summary>Cost cascade: the N best-ranked papers with <see cref="Summarizer"/>, the rest offline; null: all with it.</summary>
    public int? Top { get; init; }
    /// <summary>The Markdown file the publishing worker merges the day into (a path on the workers' machines), or null.</summary>
    public string? OutPath { get; init; }
    /// <summary>Feed records that could not be read when the day was collected.</summary>
    public IReadOnlyList<FeedProblem> Problems { get; init; } = [];
    /// <summary>A <c>fetch</c>'s run: no language, the papers are enriched and stored, nothing is summarized or published.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFetch => Languages.Count == 0;
}

/// <summary>A run's row: its request, how many items there are and how many finished, whether it was published.</summary>
public sealed record WorkRun(long Id, WorkRequest Request, int Total, int Finished, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, int Publications)
{
    /// <summary>Every item finished.</summary>
    public bool AllFinished => Finished >= Total;
}

/// <summary>One paper and stage of a run: <c>enrich</c> (language empty) or <c>summarize</c> in a language.</summary>
public sealed record WorkItem(string ArxivId, string Stage, string Language, string Summarizer)
{
    /// <summary>The enrich stage's name.</summary>
    public const string Enrich = "enrich";
    /// <summary>The summarize (and verify) stage's name.</summary>
    public const string Summarize = "summarize";
}

/// <summary>How an item ended: the paper's outcome (summarize items) and the warnings it raised.</summary>
public sealed record WorkOutcome(PaperOutcome? Outcome, IReadOnlyList<PaperWarning> Warnings);

/// <summary>A finished item as read back for the report.</summary>
public sealed record FinishedItem(WorkItem Item, WorkOutcome? Outcome);

/// <summary>
/// The workers' tables in the store's PostgreSQL database: <c>work_runs</c> (one row a run, counting finished items)
/// and <c>work_items</c> (one row per paper and stage, finished at most once), plus session advisory locks held by a job.
/// </summary>
public sealed class WorkLedger(IPaperStore store)
{
    /// <summary>Advisory lock class of one summary being made ("DPSM"); the second key is a hash of its cache key.</summary>
    internal const int SummaryLockClass = 0x4450534D;
    /// <summary>Advisory lock class of a run being published ("DPPB"); the second key is the run id.</summary>
    internal const int PublishLockClass = 0x44505042;

    private readonly PostgresPaperStore _store = store as PostgresPaperStore
        ?? throw new InvalidOperationException("DailyPapers:Workers:Enabled needs the PostgreSQL store (DailyPapers:Store:Provider=postgres)");

    /// <summary>An enqueued, unpublished run of the same request, if one exists: enqueuing it again joins that one.</summary>
    public async Task<long?> FindOpenRunAsync(WorkRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var c = await _store.OpenNpgsqlAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT id FROM work_runs WHERE date = @date AND request_json = @json AND enqueued AND published_at IS NULL ORDER BY id DESC LIMIT 1", c);
        cmd.Parameters.AddWithValue("date", request.Date);
        cmd.Parameters.AddWithValue("json", JsonSerializer.Serialize(request));
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    /// <summary>Records a new run and its items in one transaction; it is joined by others only once <see cref="MarkEnqueuedAsync"/> ran.</summary>
    public async Task<long> CreateRunAsync(WorkRequest request, IReadOnlyList<WorkItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(items);
        await using var c = await _store.OpenNpgsqlAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long id;
        await using (var run = new NpgsqlCommand("INSERT INTO work_runs (date, request_json, total, created_at) VALUES (@date, @json, @total, @now) RETURNING id", c, tx))
        {
            run.Parameters.AddWithValue("date", request.Date);
            run.Parameters.AddWithValue("json", JsonSerializer.Serialize(request));
            run.Parameters.AddWithValue("total", items.Count);
            run.Parameters.AddWithValue("now", now.UtcDateTime);
            id = (long)(await run.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        var batch = new NpgsqlBatch(c, tx);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var item in items)
            {
                var insert = new NpgsqlBatchCommand("INSERT INTO work_items (run_id, arxiv_id, stage, language, summarizer) VALUES ($1, $2, $3, $4, $5)");
                insert.Parameters.Add(new() { Value = id });
                insert.Parameters.Add(new() { Value = item.ArxivId });
                insert.Parameters.Add(new() { Value = item.Stage });
                insert.Parameters.Add(new() { Value = item.Language });
                insert.Parameters.Add(new() { Value = item.Summarizer });
                batch.BatchCommands.Add(insert);
            }
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Every job of the run is in the queue.</summary>
    public Task MarkEnqueuedAsync(long runId, CancellationToken cancellationToken) =>
        ExecAsync("UPDATE work_runs SET enqueued = true WHERE id = @id", runId, cancellationToken);

    /// <summary>The run's row, or null for an unknown id.</summary>
    public async Task<WorkRun?> GetRunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var c = await _store.OpenNpgsqlAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT request_json, total, finished, created_at, published_at, publications FROM work_runs WHERE id = @id", c);
        cmd.Parameters.AddWithValue("id", runId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        return new WorkRun(runId, JsonSerializer.Deserialize<WorkRequest>(r.GetString(0))!, r.GetInt32(1), r.GetInt32(2),
            Utc(r.GetDateTime(3)), r.IsDBNull(4) ? null : Utc(r.GetDateTime(4)), r.GetInt32(5));
    }

    /// <summary>The item of a run, with its outcome when finished; null when the run has no such item.</summary>
    public async Task<FinishedItem?> GetItemAsync(long runId, string arxivId, string stage, string language, CancellationToken cancellationToken) =>
        (await ReadItemsAsync(runId, (arxivId, stage, language), cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>Every item of a run, with the outcome of those finished.</summary>
    public Task<IReadOnlyList<FinishedItem>> GetItemsAsync(long runId, CancellationToken cancellationToken) =>
        ReadItemsAsync(runId, null, cancellationToken);

    /// <summary>
    /// Finishes an item once: its outcome is stored and the run's count goes up in one transaction. False when it had
    /// finished already (a job run again after its worker died), which changes nothing.
    /// </summary>
    public async Task<bool> FinishItemAsync(long runId, WorkItem item, WorkOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        // One statement: the run's row is locked only while it runs, not across round trips to a busy client, so the
        // jobs finishing together do not queue behind one another's transactions.
        await using var c = await _store.OpenNpgsqlAsync(cancellationToken).ConfigureAwait(false);
        await using var finish = new NpgsqlCommand("""
            WITH done AS (
                UPDATE work_items SET outcome_json = @json, finished_at = @now
                WHERE run_id = @id AND arxiv_id = @paper AND stage = @stage AND language = @lang AND finished_at IS NULL
                RETURNING 1)
            UPDATE work_runs SET finished = finished + 1 WHERE id = @id AND EXISTS (SELECT 1 FROM done)
            """, c);
        finish.Parameters.AddWithValue("json", JsonSerializer.Serialize(outcome));
        finish.Parameters.AddWithValue("now", now.UtcDateTime);
        finish.Parameters.AddWithValue("id", runId);
        finish.Parameters.AddWithValue("paper", item.ArxivId);
        finish.Parameters.AddWithValue("stage", item.Stage);
        finish.Parameters.AddWithValue("lang", item.Language);
        return await finish.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Records that the run was published (the report stored, the Markdown written, deliveries made).</summary>
    public Task MarkPublishedAsync(long runId, CancellationToken cancellationToken) =>
        ExecAsync("UPDATE work_runs SET published_at = now(), publications = publications + 1 WHERE id = @id", runId, cancellationToken);

    /// <summary>
    /// A session advisory lock held on its own connection until disposed (PostgreSQL drops it if the process dies).
    /// Waits for it when <paramref name="wait"/>, else returns null when another session holds it.
    /// </summary>
    public Task<IAsyncDisposable?> LockAsync(int lockClass, string key, bool wait, CancellationToken cancellationToken) =>
        LockAsync(lockClass, key, wait ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, cancellationToken);

    /// <summary>
    /// As <see cref="LockAsync(int, string, bool, CancellationToken)"/>, waiting at most <paramref name="waitAtMost"/>
    /// (zero: not at all; infinite: until the holder lets go or dies): null when it is still held by then.
    /// </summary>
    public async Task<IAsyncDisposable?> LockAsync(int lockClass, string key, TimeSpan waitAtMost, CancellationToken cancellationToken)
    {
        var c = await _store.OpenNpgsqlAsync(cancellationToken).ConfigureAwait(false);
        var bounded = waitAtMost > TimeSpan.Zero && waitAtMost != Timeout.InfiniteTimeSpan;
        try
        {
            var sql = waitAtMost == TimeSpan.Zero ? "SELECT pg_try_advisory_lock(@class, hashtext(@key))"
                : bounded ? "SELECT set_config('lock_timeout', @timeout, false); SELECT pg_advisory_lock(@class, hashtext(@key)), true"
                : "SELECT pg_advisory_lock(@class, hashtext(@key)), true";
            await using var cmd = new NpgsqlCommand(sql, c);
            cmd.Parameters.AddWithValue("class", lockClass);
            cmd.Parameters.AddWithValue("key", key);
            if (bounded) cmd.Parameters.AddWithValue("timeout", string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)waitAtMost.TotalMilliseconds)}ms"));
            if (waitAtMost != TimeSpan.Zero) cmd.CommandTimeout = 0; // waiting is the point: it ends when the holder lets go (or dies), by the lock timeout, or by cancellation
            bool held;
            try
            {
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                if (bounded) await r.NextResultAsync(cancellationToken).ConfigureAwait(false);
                await r.ReadAsync(cancellationToken).ConfigureAwait(false);
                held = r.GetBoolean(r.FieldCount - 1);
            }
            catch (PostgresException ex) when (bounded && ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                held = false;
            }
            if (bounded)
            {
                await using var reset = new NpgsqlCommand("SELECT set_config('lock_timeout', '0', false)", c);
                await reset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            if (held) return new HeldLock(c);
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        await c.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Reserves the next start time of calls to <paramref name="provider"/> (a model provider, or a service such as
    /// <c>http:arxiv</c>), <paramref name="spacing"/> after the last reserved one (or now), for every process together;
    /// returns how long to wait before calling.
    /// </summary>
    public async Task<TimeSpan> ReserveCallAsync(string provider, TimeSpan spacing, CancellationToken cancellationToken)
    {
        await using var c = await _store.OpenNpgsqlAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("""
            INSERT INTO llm_call_rate AS r (provider, next_at) VALUES (@provider, clock_timestamp() + @spacing)
            ON CONFLICT (provider) DO UPDATE SET next_at = greatest(r.next_at, clock_timestamp()) + @spacing
            RETURNING extract(epoch FROM (r.next_at - @spacing - clock_timestamp()))::float8
            """, c);
        cmd.Parameters.AddWithValue("provider", provider);
        cmd.Parameters.AddWithValue("spacing", spacing);
        var seconds = (double)(await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
    }

    private async Task<IReadOnlyList<FinishedItem>> ReadItemsAsync(long runId, (string Paper, string Stage, string Language)? only, CancellationToken cancellationToken)
    {
        await using var c = await _store.OpenNpgsqlAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand("SELECT arxiv_id, stage, language, summarizer, outcome_json FROM work_items WHERE run_id = @id"
            + (only is null ? "" : " AND arxiv_id = @paper AND stage = @stage AND language = @lang"), c);
        cmd.Parameters.AddWithValue("id", runId);
        if (only is { } o)
        {
            cmd.Parameters.AddWithValue("paper", o.Paper);
            cmd.Parameters.AddWithValue("stage", o.Stage);
            cmd.Parameters.AddWithValue("lang", o.Language);
        }
        var items = new List<FinishedItem>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var outcome = r.IsDBNull(4) ? null : JsonSerializer.Deserialize<WorkOutcome>(r.GetString(4));
            items.Add(new FinishedItem(new WorkItem(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)), outcome));
        }
        return items;
    }

    private async Task ExecAsync(string sql, long runId, CancellationToken cancellationToken)
    {
        await using var c = await _store.OpenNpgsqlAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = new NpgsqlCommand(sql, c);
        cmd.Parameters.AddWithValue("id", runId);
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    // Released explicitly: a pooled connection's session outlives Dispose (Npgsql resets it only when it is next used).
    // A process that dies ends the session, which releases the lock all the same.
    private sealed class HeldLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
