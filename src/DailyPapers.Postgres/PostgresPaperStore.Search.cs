using System.Text;
using DailyPapers.Storage;

namespace DailyPapers.Postgres;

/// <summary>The web site's search over the PostgreSQL store (full-text search in the 'simple' configuration) and its change stamp.</summary>
public sealed partial class PostgresPaperStore
{
    /// <summary>
    /// Matches a tsquery's lexemes in its text form (quoted, quotes doubled, optionally followed by <c>:*</c>), to restrict
    /// each to one weight of the search document: <c>'word':*</c> becomes <c>'word':*A</c>.
    /// </summary>
    private const string LexemePattern = "('(?:[^']|'')*')(?::(\\*))?";

    /// <inheritdoc />
    public override Task<SearchPage> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var parsed = SearchQuery.Parse(query);
        var (tsquery, args) = ToTsQuery(parsed);
        // The query's tsquery and its forms restricted to the title's weight (A) and the abstract's (B) are computed once,
        // in qs, and read through scalar subqueries: the statement runs a generic plan (see below), in which they are
        // values computed at the start of each run, where written inline they would be computed again for every row.
        const string q = "(SELECT q FROM qs)", qa = "(SELECT qa FROM qs)", qb = "(SELECT qb FROM qs)";
        var (offset, limit) = SearchPage.Window(page, pageSize);
        // Ranking reads only the stored weighted document (title A, abstract B, summaries C): a paper whose title alone
        // matches ranks first (its words restricted to weight A match), then one whose abstract does (weight B), then
        // the rest; ts_rank (weights title 1.0, abstract 0.4, summaries 0.2) orders within a tier. Score: lower is
        // better, like bm25. The work is bounded, whatever the number of matches: the candidates are the newest
        // MaxResults + 1 matches by arXiv year (all of them when there are no more, so the count is exact up to
        // MaxResults) and the newest MaxResults title matches from the index of the title's words, so title matches
        // lead even when they are not among the first matches found. The search table is partitioned by year, newest
        // first (migration 14), and a scan of it reads its partitions in that order and stops once it has enough, so
        // a common word costs the GIN lookups of its newest year or two, not a list of all its matches. Only the page's
        // rows read the papers' text, at most 20,000 characters of it, for the snippet (SearchSnippet, made here, not
        // by ts_headline: 155 us a row on the server); which text it is (the title if it holds every term, else the
        // abstract or the summaries, whichever matches more) is read from the stored document's weights, as the text
        // would cost a parse each (180 us for an abstract).
        // The LIMITs stand outside MATERIALIZED queries, which are still read only as far as needed, so the plan
        // reads each scan by the GIN index rather than a sequential scan that expects to meet enough matches early:
        // where matches are not spread evenly (recent topics at the end of the table), that scan read most of the table.
        // The title condition is written twice: the ts_filter form uses the title index, and the weight-restricted
        // form, wrapped in IS TRUE so that it cannot use the index of whole documents (ANDed with the title index's
        // list, that index's list of the word, every paper of the year with it anywhere, doubled a common word's cost),
        // filters what the title index found.
        // Both scans read in the same order (partitions newest first, each in the order of its pages), so the title
        // matches among m are the first title matches: when there are MaxResults of them, the title scan would find
        // nothing more, and it is not run (a word found in most titles of its papers saves half the work).
        // The statement is prepared on the search pool's connections, which run generic plans (PostgresPaperStore):
        // the plan is made once per connection (one SQL text for every query), where a custom plan cost about 3 ms a search.
        var sql = $"""
            WITH qs AS MATERIALIZED (SELECT q, regexp_replace(q::text, @lexeme, '\1:\2A', 'g')::tsquery AS qa,
                                            regexp_replace(q::text, @lexeme, '\1:\2B', 'g')::tsquery AS qb
                                     FROM (SELECT {tsquery} AS q) x),
            all_matches AS MATERIALIZED (SELECT arxiv_id, document, summaries FROM paper_search WHERE document @@ {q}),
            m AS (SELECT arxiv_id, document, summaries FROM all_matches LIMIT @capped),
            title_matches AS MATERIALIZED (SELECT arxiv_id, document, summaries FROM paper_search
                                           WHERE (SELECT count(*) FROM m WHERE document @@ {qa}) < @cap AND (document @@ {qa}) IS TRUE AND ts_filter(document, '{"{a}"}') @@ {q}),
            t AS (SELECT arxiv_id, document, summaries FROM title_matches LIMIT @cap),
            c AS (SELECT arxiv_id, document, summaries FROM m UNION ALL SELECT arxiv_id, document, summaries FROM t WHERE arxiv_id NOT IN (SELECT arxiv_id FROM m)),
            r AS (SELECT arxiv_id, document, summaries,
                         (CASE WHEN document @@ {qa} THEN 0 WHEN document @@ {qb} THEN 1 ELSE 2 END)
                           - ts_rank(ARRAY[0.1, 0.2, 0.4, 1.0]::float4[], document, {q}, 32) AS score
                  FROM c ORDER BY score, arxiv_id LIMIT @limit OFFSET @offset)
            SELECT r.arxiv_id, p.title,
                   left(CASE WHEN r.document @@ {qa} THEN p.title
                       WHEN ts_rank(ARRAY[0, 0, 1, 0]::float4[], r.document, {q}) >= ts_rank(ARRAY[0, 1, 0, 0]::float4[], r.document, {q}) THEN p.abstract
                       ELSE r.summaries END, 20000),
                   r.score::float8,
                   (SELECT max(e.date) FROM daily_entries e WHERE e.arxiv_id = r.arxiv_id),
                   (SELECT count(*) FROM m),
                   {q}::text
            FROM r JOIN papers p ON p.arxiv_id = r.arxiv_id
            ORDER BY r.score, r.arxiv_id
            """;
        return RunAsync(async c =>
        {
            var hits = new List<SearchHit>();
            long matches = -1;
            if (limit > 0)
            {
                await using var cmd = Command(c, null, sql, [.. args, ("lexeme", LexemePattern),
                    ("capped", SearchPage.MaxResults + 1), ("cap", SearchPage.MaxResults), ("limit", limit), ("offset", offset)]);
                await cmd.PrepareAsync(cancellationToken).ConfigureAwait(false);
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                IReadOnlyList<(string, bool)>? lexemes = null;
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    lexemes ??= SearchSnippet.Lexemes(r.GetString(6));
                    hits.Add(new SearchHit(r.GetString(0), r.GetString(1), SearchSnippet.Make(r.GetString(2), lexemes), r.GetDouble(3),
                        r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4)));
                    matches = r.GetInt64(5);
                }
            }
            if (matches < 0 && offset == 0 && limit > 0)
                matches = 0; // the first page is empty only when nothing matches
            if (matches < 0)
            {
                // No row to carry the count (past the last page): count on its own, as far as the cap.
                await using var count = Command(c, null, $"SELECT count(*) FROM (SELECT 1 FROM paper_search WHERE document @@ ({tsquery}) LIMIT @capped) m",
                    [.. args, ("capped", SearchPage.MaxResults + 1)]);
                matches = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            return SearchPage.Counted(parsed.Text, page, pageSize, matches, hits);
        }, OpenSearchConnectionAsync, cancellationToken);
    }

    /// <summary>
    /// The query as one tsquery expression, the same SQL for any query (so one prepared statement serves every search
    /// on a connection), its terms passed as two arrays: a term is a phrase of its words (phraseto_tsquery) or a prefix
    /// lexeme (to_tsquery); all are required. A term without a lexeme is left out, as the AND operator (&amp;&amp;) leaves out an
    /// empty tsquery; a query of such terms only is NULL and matches nothing.
    /// </summary>
    internal static (string Sql, (string Name, object? Value)[] Args) ToTsQuery(SearchQuery query) =>
        ("""
         (SELECT string_agg('(' || tq::text || ')', ' & ' ORDER BY n)::tsquery
          FROM unnest(@terms::text[], @prefixes::boolean[]) WITH ORDINALITY u(term, prefix, n),
               LATERAL (SELECT CASE WHEN prefix THEN to_tsquery('simple', term) ELSE phraseto_tsquery('simple', term) END AS tq) x
          WHERE tq::text <> '')
         """,
         [("terms", query.Terms.Select(t => Storable(t.IsPrefix ? PrefixLexeme(t.Text) : t.Text)).ToArray()),
          ("prefixes", query.Terms.Select(t => t.IsPrefix).ToArray())]);

    /// <summary>A tsquery prefix term for a word: its letters and digits quoted (quotes and backslashes doubled), then :*.</summary>
    private static string PrefixLexeme(string word)
    {
        var sb = new StringBuilder("'");
        foreach (var ch in word)
            sb.Append(ch is '\'' or '\\' ? new string(ch, 2) : ch.ToString());
        return sb.Append("':*").ToString();
    }


    /// <inheritdoc />
    public override async ValueTask<StoreStamp> GetChangeStampAsync(CancellationToken cancellationToken)
    {
        // The counter moves at the commit of every write, whichever process made it (see PostgresSchema). Reading it
        // is a round trip, so it is read at most once a second: a page request then costs no query, a write through
        // this instance shows at once (its local count is part of the stamp), and one by another machine within a second.
        var cached = _stamp;
        var writes = LocalWrites;
        if (cached is not null && cached.Writes == writes && _time.GetElapsedTime(cached.ReadAt) < StampLifetime)
            return cached.Stamp;
        var startedAt = _time.GetTimestamp();
        var n = (await ReadListAsync("SELECT n FROM dailypapers_changes", r => r.GetInt64(0), cancellationToken).ConfigureAwait(false))[0];
        var stamp = new StoreStamp(n, 0, 0, 0);
        _stamp = new CachedStamp(stamp, writes, startedAt);
        return stamp;
    }

    /// <summary>How long a change counter read from the server is trusted for writes by other processes.</summary>
    internal static readonly TimeSpan StampLifetime = TimeSpan.FromSeconds(1);

    private volatile CachedStamp? _stamp;

    /// <summary>A counter read at <see cref="ReadAt"/>, when this instance had committed <see cref="Writes"/> writes.</summary>
    private sealed record CachedStamp(StoreStamp Stamp, long Writes, long ReadAt);
}
