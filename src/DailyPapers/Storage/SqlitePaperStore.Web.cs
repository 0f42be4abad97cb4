using DailyPapers.Text;
using System.Globalization;
using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>The web site's queries over the SQLite store (FTS5 search ranked with bm25).</summary>
public sealed partial class SqlitePaperStore : IPaperSearch
{
    /// <summary>Longest query accepted; longer ones are refused, not cut.</summary>
    public const int MaxQueryLength = 200;

    /// <inheritdoc />
    public async Task<SearchPage> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var match = ToMatchExpression(query);
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        int total;
        await using (var count = c.CreateCommand())
        {
            count.CommandText = "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH $q";
            count.Parameters.AddWithValue("$q", match);
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }
        await using var cmd = c.CreateCommand();
        // Title matches weigh most, then abstract, then summary text; snippet() picks the best column itself.
        cmd.CommandText = """
            SELECT f.arxiv_id, p.title, snippet(papers_fts, -1, $open, $close, '…', 16) AS snip,
                   bm25(papers_fts, 0.0, 10.0, 4.0, 2.0) AS score,
                   (SELECT max(date) FROM daily_entries e WHERE e.arxiv_id = f.arxiv_id) AS last_day
            FROM papers_fts f JOIN papers p ON p.rowid = f.rowid
            WHERE papers_fts MATCH $q
            ORDER BY score, f.arxiv_id
            LIMIT $limit OFFSET $offset
            """;
        cmd.Parameters.AddWithValue("$q", match);
        cmd.Parameters.AddWithValue("$open", SearchHit.MarkStart.ToString());
        cmd.Parameters.AddWithValue("$close", SearchHit.MarkEnd.ToString());
        cmd.Parameters.AddWithValue("$limit", pageSize);
        cmd.Parameters.AddWithValue("$offset", (long)(page - 1) * pageSize);
        var hits = new List<SearchHit>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hits.Add(new SearchHit(r.GetString(0), r.GetString(1), r.GetString(2), r.GetDouble(3),
                r.IsDBNull(4) ? null : DateOnly.ParseExact(r.GetString(4), "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        return new SearchPage(query.Trim(), page, pageSize, total, hits);
    }

    /// <summary>
    /// Turns what a user typed into an FTS5 expression that cannot be a syntax error: every word (or "quoted phrase")
    /// becomes a quoted string, so operators and punctuation are searched as text, and all of them are required;
    /// unquoted Korean, Japanese or Chinese words match as prefixes.
    /// </summary>
    internal static string ToMatchExpression(string query)
    {
        var trimmed = query.Trim();
        if (trimmed.Length == 0) throw new SearchQueryException("the search query is empty");
        if (trimmed.Length > MaxQueryLength) throw new SearchQueryException($"the search query is {trimmed.Length} characters long; at most {MaxQueryLength} are allowed");
        var terms = new List<string>();
        var parts = trimmed.Split('"');
        for (var i = 0; i < parts.Length; i++)
        {
            // Odd parts were inside quotes: one phrase; even parts are words.
            var quoted = i % 2 == 1;
            var pieces = quoted ? [parts[i].Trim()] : parts[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            // Korean attaches particles and endings to the word (아키텍처를, 커뮤니티의), and the index's tokens end only
            // at spaces and punctuation, so an unquoted word in Hangul (or kana/Han) matches as a prefix. Han and
            // kana runs are not segmented at all: there the prefix helps only at the start of a run.
            terms.AddRange(pieces.Where(p => p.Any(char.IsLetterOrDigit)).Select(p => "\"" + p + "\"" + (!quoted && p.Any(Scripts.IsCjk) ? "*" : "")));
        }
        if (terms.Count == 0) throw new SearchQueryException($"the search query '{trimmed}' has no letters or digits to search for");
        return string.Join(' ', terms);
    }


    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Summary>>> GetDaySummariesAsync(DateOnly date, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT s.arxiv_id, s.summary_json FROM summaries s
            WHERE s.arxiv_id IN (SELECT arxiv_id FROM daily_entries WHERE date = $date)
            ORDER BY s.arxiv_id, s.created_at DESC
            """;
        cmd.Parameters.AddWithValue("$date", Date(date));
        var map = new Dictionary<string, List<Summary>>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var summary = JsonSerializer.Deserialize<Summary>(r.GetString(1), Json)
                ?? throw new InvalidDataException($"the store '{Path}' holds an empty summary for {r.GetString(0)}");
            if (!map.TryGetValue(r.GetString(0), out var list)) map[r.GetString(0)] = list = [];
            list.Add(summary);
        }
        return map.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Summary>)kv.Value, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DateOnly>> GetAppearancesAsync(string arxivId, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT date FROM daily_entries WHERE arxiv_id = $id ORDER BY date";
        cmd.Parameters.AddWithValue("$id", arxivId);
        var dates = new List<DateOnly>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            dates.Add(DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture));
        return dates;
    }

    /// <inheritdoc />
    public StoreStamp ChangeStamp()
    {
        // In WAL mode every commit grows or rewrites the -wal file and a checkpoint rewrites the main file, so their
        // sizes and write times change on every write, whichever process made it.
        var main = new FileInfo(Path);
        var wal = new FileInfo(Path + "-wal");
        return new StoreStamp(
            main.Exists ? main.LastWriteTimeUtc.Ticks : 0, main.Exists ? main.Length : 0,
            wal.Exists ? wal.LastWriteTimeUtc.Ticks : 0, wal.Exists ? wal.Length : 0);
    }
}
