using System.Data.Common;
using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>Bulk import: one prepared upsert per paper inside one transaction per batch (SQLite; PostgreSQL overrides it with COPY).</summary>
public abstract partial class RelationalPaperStore : IPaperImport
{
    /// <summary>
    /// The columns an import sets and the rule that keeps it idempotent: a stored paper is only replaced by a newer
    /// version; links (and the summaries and full text in their own tables) are never touched.
    /// </summary>
    protected const string ImportConflictRule = """
        ON CONFLICT (arxiv_id) DO UPDATE SET
            version      = excluded.version,
            title        = excluded.title,
            authors_json = excluded.authors_json,
            abstract     = excluded.abstract,
            published_at = COALESCE(excluded.published_at, papers.published_at),
            arxiv_json   = excluded.arxiv_json,
            updated_at   = excluded.updated_at
        WHERE papers.version IS NULL OR excluded.version > papers.version
        """;

    /// <summary>The stored form of a paper's authors and arXiv metadata, as the other writes store them.</summary>
    protected static (string Authors, string? Arxiv) ImportJson(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        return (JsonSerializer.Serialize(paper.Authors, Json), paper.Arxiv is null ? null : JsonSerializer.Serialize(paper.Arxiv, Json));
    }

    /// <inheritdoc />
    public virtual async Task<int> ImportPapersAsync(IReadOnlyList<Paper> papers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        if (papers.Count == 0) return 0;
        var changed = 0;
        await WriteAsync(async (c, tx) =>
        {
            changed = 0;
            var now = DateTimeOffset.UtcNow;
            await using var cmd = Command(c, tx, $"""
                INSERT INTO papers (arxiv_id, version, title, authors_json, abstract, published_at, links_json, arxiv_json, updated_at)
                VALUES (@id, @version, @title, @authors, @abstract, @published, '[]', @arxiv, @now)
                {ImportConflictRule}
                """, ("id", ""), ("version", 0), ("title", ""), ("authors", ""), ("abstract", ""), ("published", null), ("arxiv", null), ("now", now));
            await cmd.PrepareAsync(cancellationToken).ConfigureAwait(false);
            foreach (var p in papers)
            {
                var (authors, arxiv) = ImportJson(p);
                Set(cmd, "@id", p.ArxivId);
                Set(cmd, "@version", p.Version ?? throw new ArgumentException($"paper {p.ArxivId} has no version: an import needs one"));
                Set(cmd, "@title", p.Title);
                Set(cmd, "@authors", authors);
                Set(cmd, "@abstract", p.Abstract);
                Set(cmd, "@published", p.PublishedAt);
                Set(cmd, "@arxiv", arxiv);
                changed += await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        return changed;
    }

    private void Set(DbCommand cmd, string name, object? value) => cmd.Parameters[name].Value = ToDb(value) ?? DBNull.Value;
}
