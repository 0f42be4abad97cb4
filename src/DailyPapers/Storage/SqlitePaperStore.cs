using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DailyPapers.Papers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace DailyPapers.Storage;

/// <summary>The default store: one SQLite file, created and migrated on first use.</summary>
public sealed partial class SqlitePaperStore : IPaperStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _connectionString;
    private readonly Lazy<bool> _migrated;

    /// <summary>Opens the store at <see cref="StoreOptions.Path"/>.</summary>
    public SqlitePaperStore(IOptions<StoreOptions> options)
        : this(options.Value.Path)
    {
    }

    /// <summary>Opens the store at <paramref name="path"/>, creating its folder.</summary>
    public SqlitePaperStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        _migrated = new Lazy<bool>(() =>
        {
            try
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                using var c = new SqliteConnection(_connectionString);
                c.Open();
                SqliteSchema.Migrate(c);
                return true;
            }
            catch (SqliteException ex)
            {
                throw new InvalidOperationException($"cannot open the store '{Path}': {ex.Message}", ex);
            }
        });
    }

    /// <summary>The SQLite file.</summary>
    public string Path { get; }

    /// <summary>An open connection to the migrated store.</summary>
    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        _ = _migrated.Value;
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var pragma = c.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return c;
    }

    /// <inheritdoc />
    public async Task SaveDayAsync(DayFeed day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (day.Entries.Count == 0) return; // an empty or unreadable feed never wipes a stored day
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var entry in day.Entries)
            await UpsertPaperAsync(c, tx, entry.Paper, cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, tx, "DELETE FROM daily_entries WHERE date = $date", cancellationToken, ("$date", Date(day.Date))).ConfigureAwait(false);
        foreach (var e in day.Entries)
        {
            await ExecAsync(c, tx, """
                INSERT INTO daily_entries (date, arxiv_id, feed_order, upvotes, media_url, comments, posted_at, snapshot)
                VALUES ($date, $id, $order, $upvotes, $media, $comments, $posted, $snapshot)
                """, cancellationToken,
                ("$date", Date(day.Date)), ("$id", e.Paper.ArxivId), ("$order", e.FeedOrder), ("$upvotes", e.Upvotes),
                ("$media", e.MediaUrl), ("$comments", e.Comments), ("$posted", Time(e.PostedAt)), ("$snapshot", day.IsSnapshot ? 1 : 0)).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts or refreshes a paper; metadata already stored is kept when the new record lacks it.</summary>
    public async Task SavePaperAsync(Paper paper, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await UpsertPaperAsync(c, tx, paper, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task UpsertPaperAsync(SqliteConnection c, SqliteTransaction tx, Paper p, CancellationToken ct) =>
        ExecAsync(c, tx, """
            INSERT INTO papers (arxiv_id, version, title, authors_json, abstract, published_at, links_json, arxiv_json, updated_at)
            VALUES ($id, $version, $title, $authors, $abstract, $published, $links, $arxiv, $now)
            ON CONFLICT(arxiv_id) DO UPDATE SET
                version      = COALESCE(excluded.version, papers.version),
                title        = excluded.title,
                authors_json = excluded.authors_json,
                abstract     = CASE WHEN excluded.abstract <> '' THEN excluded.abstract ELSE papers.abstract END,
                published_at = COALESCE(excluded.published_at, papers.published_at),
                links_json   = CASE WHEN excluded.links_json <> '[]' THEN excluded.links_json ELSE papers.links_json END,
                arxiv_json   = COALESCE(excluded.arxiv_json, papers.arxiv_json),
                updated_at   = excluded.updated_at
            """, ct,
            ("$id", p.ArxivId), ("$version", p.Version), ("$title", p.Title), ("$authors", JsonSerializer.Serialize(p.Authors, Json)),
            ("$abstract", p.Abstract), ("$published", Time(p.PublishedAt)), ("$links", JsonSerializer.Serialize(p.Links, Json)),
            ("$arxiv", p.Arxiv is null ? null : JsonSerializer.Serialize(p.Arxiv, Json)), ("$now", Time(DateTimeOffset.UtcNow)));

    /// <inheritdoc />
    public async Task<DayFeed?> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT {StoredRows.EntryColumns}, {StoredRows.PaperColumns}
            FROM daily_entries e JOIN papers p ON p.arxiv_id = e.arxiv_id
            WHERE e.date = $date ORDER BY e.feed_order
            """;
        cmd.Parameters.AddWithValue("$date", Date(date));
        var entries = new List<DailyEntry>();
        var snapshot = false;
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            snapshot |= StoredRows.IsSnapshot(r);
            entries.Add(StoredRows.Entry(r, date, ReadTime));
        }
        return entries.Count == 0 ? null : new DayFeed(date, entries, []) { IsSnapshot = snapshot };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DateOnly>> GetDatesAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT date FROM daily_entries ORDER BY date";
        var dates = new List<DateOnly>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            dates.Add(DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return dates;
    }

    /// <inheritdoc />
    public async Task<Paper?> GetPaperAsync(string arxivId, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {StoredRows.PaperColumns} FROM papers p WHERE p.arxiv_id = $id";
        cmd.Parameters.AddWithValue("$id", arxivId);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoredRows.Paper(r, 0, ReadTime) : null;
    }

    /// <inheritdoc />
    public async Task<Summary?> GetSummaryAsync(SummaryKey key, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT summary_json FROM summaries
            WHERE arxiv_id = $id AND version = $v AND summarizer = $s AND model = $m AND prompt_version = $p AND language = $l
            """;
        cmd.Parameters.AddWithValue("$id", key.ArxivId);
        cmd.Parameters.AddWithValue("$v", key.Version);
        cmd.Parameters.AddWithValue("$s", key.Summarizer);
        cmd.Parameters.AddWithValue("$m", key.Model);
        cmd.Parameters.AddWithValue("$p", key.PromptVersion);
        cmd.Parameters.AddWithValue("$l", key.Language);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JsonSerializer.Deserialize<Summary>(json, Json)
            : null;
    }

    /// <inheritdoc />
    public async Task SaveSummaryAsync(SummaryKey key, Summary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(summary);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, null, """
            INSERT INTO summaries (arxiv_id, version, summarizer, model, prompt_version, language, summary_json, created_at)
            VALUES ($id, $v, $s, $m, $p, $l, $json, $at)
            ON CONFLICT DO UPDATE SET summary_json = excluded.summary_json, created_at = excluded.created_at
            """, cancellationToken,
            ("$id", key.ArxivId), ("$v", key.Version), ("$s", key.Summarizer), ("$m", key.Model), ("$p", key.PromptVersion),
            ("$l", key.Language), ("$json", JsonSerializer.Serialize(summary, Json)), ("$at", Time(summary.CreatedAt))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Summary>> GetSummariesAsync(string arxivId, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT summary_json FROM summaries WHERE arxiv_id = $id ORDER BY created_at DESC";
        cmd.Parameters.AddWithValue("$id", arxivId);
        var list = new List<Summary>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            if (JsonSerializer.Deserialize<Summary>(r.GetString(0), Json) is { } s) list.Add(s);
        return list;
    }

    /// <inheritdoc />
    public async Task SaveFullTextAsync(FullText fullText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fullText);
        var json = JsonSerializer.Serialize(fullText, Json);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, null, """
            INSERT INTO full_texts (arxiv_id, source, url, text_json, size, truncated, fetched_at)
            VALUES ($id, $source, $url, $json, $size, $truncated, $at)
            ON CONFLICT(arxiv_id) DO UPDATE SET source = excluded.source, url = excluded.url, text_json = excluded.text_json,
                size = excluded.size, truncated = excluded.truncated, fetched_at = excluded.fetched_at
            """, cancellationToken,
            ("$id", fullText.ArxivId), ("$source", fullText.Source), ("$url", fullText.Url), ("$json", json),
            ("$size", json.Length), ("$truncated", fullText.Truncated ? 1 : 0), ("$at", Time(fullText.FetchedAt))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<FullText?> GetFullTextAsync(string arxivId, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT text_json FROM full_texts WHERE arxiv_id = $id";
        cmd.Parameters.AddWithValue("$id", arxivId);
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JsonSerializer.Deserialize<FullText>(json, Json)
            : null;
    }

    /// <inheritdoc />
    public async Task SaveRunAsync(RunReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(c, null, """
            INSERT INTO runs (date, started_at, finished_at, succeeded, report_json) VALUES ($date, $start, $end, $ok, $json)
            """, cancellationToken,
            ("$date", Date(report.Date)), ("$start", Time(report.StartedAt)), ("$end", Time(report.FinishedAt)),
            ("$ok", report.Succeeded ? 1 : 0), ("$json", JsonSerializer.Serialize(report, Json))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RunReport?> GetLatestRunAsync(DateOnly date, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT report_json FROM runs WHERE date = $date ORDER BY id DESC LIMIT 1";
        cmd.Parameters.AddWithValue("$date", Date(date));
        return await cmd.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string json
            ? JsonSerializer.Deserialize<RunReport>(json, Json)
            : null;
    }

    internal static async Task ExecAsync(SqliteConnection c, SqliteTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in args)
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string? Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ReadTime(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.Parse(r.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
