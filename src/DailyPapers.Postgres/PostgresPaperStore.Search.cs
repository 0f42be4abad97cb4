using System.Globalization;
using System.Text;
using DailyPapers.Storage;

namespace DailyPapers.Postgres;

/// <summary>The web site's search over the PostgreSQL store (full-text search in the 'simple' configuration) and its change stamp.</summary>
public sealed partial class PostgresPaperStore
{
    private static readonly string Headline = string.Create(CultureInfo.InvariantCulture,
        $"StartSel={SearchHit.MarkStart}, StopSel={SearchHit.MarkEnd}, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…");

    /// <inheritdoc />
    public override Task<SearchPage> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var parsed = SearchQuery.Parse(query);
        var (tsquery, args) = ToTsQuery(parsed);
        // The headline reads at most 20,000 characters (its cost grows with the text, as SQLite's snippet does).
        // A paper whose title alone matches ranks first, then one whose abstract does, then the rest; ts_rank (weights
        // title A, abstract B, summaries C) orders within a tier. Score: lower is better, like bm25.
        var sql = $"""
            WITH q AS (SELECT {tsquery} AS q),
            m AS (
                SELECT s.arxiv_id, p.title, p.abstract, s.summaries,
                       to_tsvector('simple', p.title) @@ q.q AS in_title,
                       ts_rank(to_tsvector('simple', p.abstract), q.q) AS abstract_rank,
                       ts_rank(to_tsvector('simple', s.summaries), q.q) AS summaries_rank,
                       (CASE WHEN to_tsvector('simple', p.title) @@ q.q THEN 0 WHEN to_tsvector('simple', p.abstract) @@ q.q THEN 1 ELSE 2 END)
                         - ts_rank(ARRAY[0.1, 0.2, 0.4, 1.0]::float4[], s.document, q.q, 32) AS score,
                       q.q
                FROM paper_search s JOIN papers p ON p.arxiv_id = s.arxiv_id, q
                WHERE s.document @@ q.q)
            SELECT arxiv_id, title,
                   ts_headline('simple', left(CASE WHEN in_title THEN title WHEN abstract_rank >= summaries_rank THEN abstract ELSE summaries END, 20000), q, @headline),
                   score::float8,
                   (SELECT max(e.date) FROM daily_entries e WHERE e.arxiv_id = m.arxiv_id),
                   count(*) OVER ()
            FROM m ORDER BY score, arxiv_id LIMIT @limit OFFSET @offset
            """;
        return RunAsync(async c =>
        {
            await using var cmd = Command(c, null, sql, [.. args, ("headline", Headline), ("limit", pageSize), ("offset", (long)(page - 1) * pageSize)]);
            var hits = new List<SearchHit>();
            long total = 0;
            await using (var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    hits.Add(new SearchHit(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3), r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4)));
                    total = r.GetInt64(5);
                }
            }
            if (hits.Count == 0 && page > 1)
            {
                // Past the last page the window count is gone; count on its own.
                await using var count = Command(c, null, $"WITH q AS (SELECT {tsquery} AS q) SELECT count(*) FROM paper_search s, q WHERE s.document @@ q.q", args);
                total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            return new SearchPage(parsed.Text, page, pageSize, (int)total, hits);
        }, cancellationToken);
    }

    /// <summary>
    /// The query as a tsquery expression whose every term is a parameter: a term is a phrase of its words
    /// (phraseto_tsquery), or a prefix lexeme; all are required.
    /// </summary>
    internal static (string Sql, (string Name, object? Value)[] Args) ToTsQuery(SearchQuery query)
    {
        var parts = new List<string>();
        var args = new List<(string, object?)>();
        foreach (var term in query.Terms)
        {
            var name = "t" + args.Count.ToString(CultureInfo.InvariantCulture);
            parts.Add(term.IsPrefix ? $"to_tsquery('simple', @{name})" : $"phraseto_tsquery('simple', @{name})");
            args.Add((name, term.IsPrefix ? PrefixLexeme(term.Text) : term.Text));
        }
        return (string.Join(" && ", parts), [.. args]);
    }

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
