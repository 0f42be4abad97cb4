using DailyPapers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DailyPapers.Papers;
using Npgsql;

namespace DailyPapers.Storage.Postgres;

/// <summary>The web site's queries over the PostgreSQL store (full-text search in the 'simple' configuration).</summary>
public sealed partial class PostgresPaperStore : IPaperSearch
{
    private static readonly string Headline = string.Create(CultureInfo.InvariantCulture,
        $"StartSel={SearchHit.MarkStart}, StopSel={SearchHit.MarkEnd}, MaxWords=16, MinWords=6, ShortWord=0, MaxFragments=1, FragmentDelimiter=…");

    /// <inheritdoc />
    public Task<SearchPage> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var (tsquery, args) = ToTsQuery(query);
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
                   ts_headline('simple', CASE WHEN in_title THEN title WHEN abstract_rank >= summaries_rank THEN abstract ELSE summaries END, q, @headline),
                   score::float8,
                   (SELECT max(e.date) FROM daily_entries e WHERE e.arxiv_id = m.arxiv_id),
                   count(*) OVER ()
            FROM m ORDER BY score, arxiv_id LIMIT @limit OFFSET @offset
            """;
        return RunAsync(async c =>
        {
            await using var cmd = Command(c, sql, [.. args, ("headline", Headline), ("limit", pageSize), ("offset", (long)(page - 1) * pageSize)]);
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
                await using var count = Command(c, $"WITH q AS (SELECT {tsquery} AS q) SELECT count(*) FROM paper_search s, q WHERE s.document @@ q.q", args);
                total = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
            }
            return new SearchPage(query.Trim(), page, pageSize, (int)total, hits);
        }, cancellationToken);
    }

    /// <summary>
    /// Turns what a user typed into a tsquery expression whose every term is a parameter, so no input is a syntax error:
    /// each word or "quoted phrase" is a phrase of its words, all required; an unquoted Korean, Japanese or Chinese
    /// word matches as a prefix (particles and endings attach to the word: 아키텍처를).
    /// </summary>
    internal static (string Sql, (string Name, object? Value)[] Args) ToTsQuery(string query)
    {
        var trimmed = query.Trim();
        if (trimmed.Length == 0) throw new SearchQueryException("the search query is empty");
        if (trimmed.Length > SqlitePaperStore.MaxQueryLength)
            throw new SearchQueryException($"the search query is {trimmed.Length} characters long; at most {SqlitePaperStore.MaxQueryLength} are allowed");
        var parts = new List<string>();
        var args = new List<(string, object?)>();
        var pieces = trimmed.Split('"');
        for (var i = 0; i < pieces.Length; i++)
        {
            var quoted = i % 2 == 1;
            var words = quoted ? [pieces[i].Trim()] : pieces[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            foreach (var w in words.Where(p => p.Any(char.IsLetterOrDigit)))
            {
                var name = "t" + args.Count.ToString(CultureInfo.InvariantCulture);
                if (!quoted && w.Any(Scripts.IsCjk))
                {
                    parts.Add($"to_tsquery('simple', @{name})");
                    args.Add((name, PrefixLexeme(w)));
                }
                else
                {
                    parts.Add($"phraseto_tsquery('simple', @{name})");
                    args.Add((name, w));
                }
            }
        }
        if (parts.Count == 0) throw new SearchQueryException($"the search query '{trimmed}' has no letters or digits to search for");
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
    public Task<IReadOnlyDictionary<string, IReadOnlyList<Summary>>> GetDaySummariesAsync(DateOnly date, CancellationToken cancellationToken) =>
        RunAsync(async c =>
        {
            var rows = await ReadListAsync(Command(c, """
                SELECT s.arxiv_id, s.summary_json FROM summaries s
                WHERE s.arxiv_id IN (SELECT arxiv_id FROM daily_entries WHERE date = @date)
                ORDER BY s.arxiv_id, s.created_at DESC
                """, ("date", date)), r => (Id: r.GetString(0), Json: r.GetString(1)), cancellationToken).ConfigureAwait(false);
            var map = new Dictionary<string, IReadOnlyList<Summary>>(StringComparer.Ordinal);
            foreach (var group in rows.GroupBy(row => row.Id, StringComparer.Ordinal))
            {
                map[group.Key] = group.Select(row => JsonSerializer.Deserialize<Summary>(row.Json, Json)
                    ?? throw new InvalidDataException($"the store '{Name}' holds an empty summary for {row.Id}")).ToList();
            }
            return (IReadOnlyDictionary<string, IReadOnlyList<Summary>>)map;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DateOnly>> GetAppearancesAsync(string arxivId, CancellationToken cancellationToken) =>
        RunAsync(c => ReadListAsync(Command(c, "SELECT date FROM daily_entries WHERE arxiv_id = @id ORDER BY date", ("id", arxivId)),
            r => r.GetFieldValue<DateOnly>(0), cancellationToken), cancellationToken);

    /// <inheritdoc />
    public StoreStamp ChangeStamp()
    {
        // The counter moves at the commit of every write, whichever process made it (see PostgresSchema).
        if (!_migrated) MigrateOnceAsync(CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            using var c = _dataSource.OpenConnection();
            using var cmd = new NpgsqlCommand("SELECT n FROM dailypapers_changes", c);
            return new StoreStamp((long)cmd.ExecuteScalar()!, 0, 0, 0);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            throw Failure("cannot read the change stamp of", ex);
        }
    }
}
