using DailyPapers.Papers;
using Npgsql;
using NpgsqlTypes;

namespace DailyPapers.Postgres;

/// <summary>
/// Bulk import on PostgreSQL: a batch is written with binary COPY into a temporary staging table, then upserted
/// into <c>papers</c> in one statement (the newest version of each id in the batch; a stored paper only replaced by
/// a newer version), all in one transaction.
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
                ) ON COMMIT DELETE ROWS
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
            await using var upsert = new NpgsqlCommand($"""
                INSERT INTO papers (arxiv_id, version, title, authors_json, abstract, published_at, links_json, arxiv_json, updated_at)
                SELECT DISTINCT ON (arxiv_id) arxiv_id, version, title, authors_json, abstract, published_at, '[]', arxiv_json, now()
                FROM import_staging ORDER BY arxiv_id, version DESC
                {ImportConflictRule}
                """, connection, (NpgsqlTransaction)tx);
            changed = await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return changed;
    }
}
