using System.Text.Json;
using DailyPapers.Papers;
using Npgsql;

namespace DailyPapers.Storage.Postgres;

/// <summary>Papers, days, summaries, full texts and runs in PostgreSQL.</summary>
public sealed partial class PostgresPaperStore : IPaperStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public Task SaveDayAsync(DayFeed day, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(day);
        if (day.Entries.Count == 0) return Task.CompletedTask; // an empty or unreadable feed never wipes a stored day
        return WriteAsync(async (c, tx) =>
        {
            // One writer per date at a time (two feeds of a day never mix), and papers locked in one order, so two
            // days sharing papers cannot deadlock.
            await ExecAsync(c, tx, "SELECT pg_advisory_xact_lock(hashtext('dailypapers-day:' || @day))", cancellationToken, ("day", day.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).ConfigureAwait(false);
            foreach (var entry in day.Entries.OrderBy(e => e.Paper.ArxivId, StringComparer.Ordinal))
                await UpsertPaperAsync(c, tx, entry.Paper, cancellationToken).ConfigureAwait(false);
            await ExecAsync(c, tx, "DELETE FROM daily_entries WHERE date = @date", cancellationToken, ("date", day.Date)).ConfigureAwait(false);
            foreach (var e in day.Entries)
            {
                await ExecAsync(c, tx, """
                    INSERT INTO daily_entries (date, arxiv_id, feed_order, upvotes, media_url, comments, posted_at, snapshot)
                    VALUES (@date, @id, @order, @upvotes, @media, @comments, @posted, @snapshot)
                    """, cancellationToken,
                    ("date", day.Date), ("id", e.Paper.ArxivId), ("order", e.FeedOrder), ("upvotes", e.Upvotes),
                    ("media", e.MediaUrl), ("comments", e.Comments), ("posted", e.PostedAt), ("snapshot", day.IsSnapshot)).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    /// <summary>Inserts or refreshes a paper; metadata already stored is kept when the new record lacks it.</summary>
    public Task SavePaperAsync(Paper paper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paper);
        return WriteAsync((c, tx) => UpsertPaperAsync(c, tx, paper, cancellationToken), cancellationToken);
    }

    private static Task UpsertPaperAsync(NpgsqlConnection c, NpgsqlTransaction tx, Paper p, CancellationToken ct) =>
        ExecAsync(c, tx, """
            INSERT INTO papers (arxiv_id, version, title, authors_json, abstract, published_at, links_json, arxiv_json, updated_at)
            VALUES (@id, @version, @title, @authors, @abstract, @published, @links, @arxiv, now())
            ON CONFLICT (arxiv_id) DO UPDATE SET
                version      = COALESCE(excluded.version, papers.version),
                title        = excluded.title,
                authors_json = excluded.authors_json,
                abstract     = CASE WHEN excluded.abstract <> '' THEN excluded.abstract ELSE papers.abstract END,
                published_at = COALESCE(excluded.published_at, papers.published_at),
                links_json   = CASE WHEN excluded.links_json <> '[]' THEN excluded.links_json ELSE papers.links_json END,
                arxiv_json   = COALESCE(excluded.arxiv_json, papers.arxiv_json),
                updated_at   = excluded.updated_at
            """, ct,
            ("id", p.ArxivId), ("version", p.Version), ("title", p.Title), ("authors", JsonSerializer.Serialize(p.Authors, Json)),
            ("abstract", p.Abstract), ("published", p.PublishedAt), ("links", JsonSerializer.Serialize(p.Links, Json)),
            ("arxiv", p.Arxiv is null ? null : JsonSerializer.Serialize(p.Arxiv, Json)));

    /// <inheritdoc />
    public Task<DayFeed?> GetDayAsync(DateOnly date, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            await using var cmd = Command(c, $"""
                SELECT {StoredRows.EntryColumns}, {StoredRows.PaperColumns}
                FROM daily_entries e JOIN papers p ON p.arxiv_id = e.arxiv_id
                WHERE e.date = @date ORDER BY e.feed_order
                """, ("date", date));
            var entries = new List<DailyEntry>();
            var snapshot = false;
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                snapshot |= StoredRows.IsSnapshot(r);
                entries.Add(StoredRows.Entry(r, date, ReadTime));
            }
            return entries.Count == 0 ? null : new DayFeed(date, entries, []) { IsSnapshot = snapshot };
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DateOnly>> GetDatesAsync(CancellationToken cancellationToken) =>
        RunAsync(c => ReadListAsync(Command(c, "SELECT DISTINCT date FROM daily_entries ORDER BY date"), r => r.GetFieldValue<DateOnly>(0), cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Paper?> GetPaperAsync(string arxivId, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            await using var cmd = Command(c, $"SELECT {StoredRows.PaperColumns} FROM papers p WHERE p.arxiv_id = @id", ("id", arxivId));
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? StoredRows.Paper(r, 0, ReadTime) : null;
        }, cancellationToken);

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
    public Task SaveSummaryAsync(SummaryKey key, Summary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(summary);
        return WriteAsync((c, tx) => ExecAsync(c, tx, """
            INSERT INTO summaries (arxiv_id, version, summarizer, model, prompt_version, language, summary_json, created_at)
            VALUES (@id, @v, @s, @m, @p, @l, @json, @at)
            ON CONFLICT (arxiv_id, version, summarizer, model, prompt_version, language)
            DO UPDATE SET summary_json = excluded.summary_json, created_at = excluded.created_at
            """, cancellationToken,
            ("id", key.ArxivId), ("v", key.Version), ("s", key.Summarizer), ("m", key.Model), ("p", key.PromptVersion),
            ("l", key.Language), ("json", JsonSerializer.Serialize(summary, Json)), ("at", summary.CreatedAt)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Summary>> GetSummariesAsync(string arxivId, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            var json = await ReadListAsync(Command(c, "SELECT summary_json FROM summaries WHERE arxiv_id = @id ORDER BY created_at DESC", ("id", arxivId)),
                r => r.GetString(0), cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<Summary>)json.Select(j => JsonSerializer.Deserialize<Summary>(j, Json)).OfType<Summary>().ToList();
        }, cancellationToken);

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
}
