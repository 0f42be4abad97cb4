using DailyPapers.Papers;
using Npgsql;
using NpgsqlTypes;

namespace DailyPapers.Postgres;

/// <summary>
/// Bulk import on PostgreSQL: a batch is written with binary COPY into a temporary staging table, then upserted
/// into <c>papers</c> in one statement (the newest version of each id in the batch; a stored paper only replaced by
/// a newer version), all in one transaction. The search documents of the papers that changed are then built in one
/// statement (the papers trigger skips them while <c>dailypapers.import</c> is on, see PostgresSchema migration 13).
/// </summary>
public sealed partial class PostgresPaperStore
{
    /// <inheritdoc />
    public override async Task<int> ImportPapersAsync(IReadOnlyList<Paper> papers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        if (papers.Count == 0) return 0;
        var changed = 0;
        await WriteAsync(async (c, tx) =>
        {
            var connection = (NpgsqlConnection)c;
            await ExecAsync(c, tx, """
                CREATE TEMP TABLE IF NOT EXISTS import_staging (
                    arxiv_id text, version integer, title text, authors_json text, abstract text,
                    published_at timestamptz, arxiv_json text
                ) ON COMMIT DELETE ROWS;
                CREATE TEMP TABLE IF NOT EXISTS import_changed (arxiv_id text) ON COMMIT DELETE ROWS;
                SET LOCAL dailypapers.import = 'on'
                """, cancellationToken).ConfigureAwait(false);
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY import_staging (arxiv_id, version, title, authors_json, abstract, published_at, arxiv_json) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                foreach (var p in papers)
                {
                    var (authors, arxiv) = ImportJson(p);
                    await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(Storable(p.ArxivId), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(p.Version ?? throw new ArgumentException($"paper {p.ArxivId} has no version: an import needs one"), NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(Storable(p.Title), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(Storable(authors), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    await copy.WriteAsync(Storable(p.Abstract), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                    if (p.PublishedAt is { } published) await copy.WriteAsync(published.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                    else await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    if (arxiv is null) await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    else await copy.WriteAsync(Storable(arxiv), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }
                await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            // The search documents are built by a second statement, so it reads the summaries afresh: a summary
            // written meanwhile had to wait for the paper's row, which the upsert locked, and is seen (as the
            // trigger's row lock ensures for other writers, migration 4). One round trip for all three statements.
            await using var upsert = new NpgsqlCommand($"""
                WITH changed AS (
                    INSERT INTO papers (arxiv_id, version, title, authors_json, abstract, published_at, links_json, arxiv_json, updated_at)
                    SELECT DISTINCT ON (arxiv_id) arxiv_id, version, title, authors_json, abstract, published_at, '[]', arxiv_json, now()
                    FROM import_staging ORDER BY arxiv_id, version DESC
                    {ImportConflictRule}
                    RETURNING arxiv_id)
                INSERT INTO import_changed SELECT arxiv_id FROM changed;
                INSERT INTO paper_search (arxiv_id, summaries, document, era)
                SELECT p.arxiv_id, t.text,
                       setweight(to_tsvector('simple', p.title), 'A') || setweight(to_tsvector('simple', p.abstract), 'B')
                       || setweight(to_tsvector('simple', t.text), 'C'),
                       dailypapers_search_era(p.arxiv_id)
                FROM import_changed i JOIN papers p ON p.arxiv_id = i.arxiv_id,
                     LATERAL (SELECT COALESCE(string_agg(sec->>'text', ' '), '') AS text
                              FROM summaries s, jsonb_array_elements(s.summary_json::jsonb->'sections') sec
                              WHERE s.arxiv_id = p.arxiv_id) t
                ON CONFLICT (arxiv_id, era) DO UPDATE SET summaries = excluded.summaries, document = excluded.document;
                SELECT count(*) FROM import_changed;
                """, connection, (NpgsqlTransaction)tx);
            changed = Convert.ToInt32(await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken).ConfigureAwait(false);
        return changed;
    }
}
