namespace DailyPapers.Storage;

/// <summary>The web site's search over the SQLite store (FTS5 ranked with bm25) and its file-based change stamp.</summary>
public sealed partial class SqlitePaperStore
{
    /// <inheritdoc />
    public override async Task<SearchPage> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var parsed = SearchQuery.Parse(query);
        var match = ToMatchExpression(parsed);
        // Counted as far as one past SearchPage.MaxResults, and paged through the first MaxResults, as on PostgreSQL.
        var matches = (await ReadListAsync("SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH @q LIMIT @capped)", r => r.GetInt32(0), cancellationToken,
            ("q", match), ("capped", SearchPage.MaxResults + 1)).ConfigureAwait(false))[0];
        var (offset, limit) = SearchPage.Window(page, pageSize);
        // Title matches weigh most, then abstract, then summary text; snippet() picks the best column itself.
        var hits = await ReadListAsync("""
            SELECT f.arxiv_id, p.title, snippet(papers_fts, -1, @open, @close, '…', 16) AS snip,
                   bm25(papers_fts, 0.0, 10.0, 4.0, 2.0) AS score,
                   (SELECT max(date) FROM daily_entries e WHERE e.arxiv_id = f.arxiv_id) AS last_day
            FROM papers_fts f JOIN papers p ON p.rowid = f.rowid
            WHERE papers_fts MATCH @q
            ORDER BY score, f.arxiv_id
            LIMIT @limit OFFSET @offset
            """, r => new SearchHit(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.IsDBNull(4) ? null : ReadDate(r, 4)), cancellationToken,
            ("q", match), ("open", SearchHit.MarkStart.ToString()), ("close", SearchHit.MarkEnd.ToString()),
            ("limit", limit), ("offset", offset)).ConfigureAwait(false);
        return SearchPage.Counted(parsed.Text, page, pageSize, matches, hits);
    }

    /// <summary>The query as an FTS5 expression: every term a quoted string (so it is searched as text), a prefix term followed by *.</summary>
    internal static string ToMatchExpression(SearchQuery query) =>
        string.Join(' ', query.Terms.Select(t => "\"" + t.Text + "\"" + (t.IsPrefix ? "*" : "")));

    /// <inheritdoc />
    public override ValueTask<StoreStamp> GetChangeStampAsync(CancellationToken cancellationToken)
    {
        // The store is always in WAL mode (every process sets it when it first opens the store, and no process can
        // change the mode while another has the file open), so every commit, whichever process made it, rewrites the
        // header of the WAL index, and a checkpoint does not: the header, mapped once, is the stamp (WalIndexStamp).
        // No query and no system call: this is read on every cached page request.
        return ValueTask.FromResult(WalIndexStamp.Read(Path));
    }
}
