using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Rank;

/// <summary>How a search query is matched.</summary>
public enum SearchMode
{
    /// <summary>Full text (FTS5 / PostgreSQL full text), bm25-ranked: every word required.</summary>
    Keyword,

    /// <summary>Nearest stored title + abstract vectors to the query's vector: papers about the query, whatever their words.</summary>
    Semantic,

    /// <summary>Both lists fused by reciprocal rank.</summary>
    Hybrid,
}

/// <summary>Reading the <c>mode</c> parameter.</summary>
public static class SearchModes
{
    /// <summary>The allowed values, as a reader types them.</summary>
    public const string Allowed = "keyword, semantic, hybrid";

    /// <summary>The mode named by <paramref name="text"/> (case-insensitive; null or blank is <see cref="SearchMode.Keyword"/>), else a <see cref="SearchQueryException"/> naming the allowed values.</summary>
    public static SearchMode Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "keyword" => SearchMode.Keyword,
        "semantic" => SearchMode.Semantic,
        "hybrid" => SearchMode.Hybrid,
        _ => throw new SearchQueryException($"mode '{Shorten(text!)}' is not a search mode; allowed: {Allowed}"),
    };

    /// <summary>The value as written in URLs.</summary>
    public static string Name(this SearchMode mode) => mode.ToString().ToLowerInvariant();

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}

/// <summary>
/// Search in three modes over one store: keyword (the store's bm25 search, unchanged), semantic (exact cosine over the
/// stored vectors, <see cref="VectorIndex"/>) and hybrid (the first <see cref="Candidates"/> of each fused by reciprocal
/// rank, k = <see cref="RrfK"/>). Scores are lower-is-better in every mode: bm25, the negated cosine, the negated fused score.
/// </summary>
public sealed class HybridSearch(IPaperSearch search, IPaperStore store, PaperVectors vectors, VectorIndex index)
{
    /// <summary>How many papers each list contributes to a semantic or hybrid result.</summary>
    public const int Candidates = 100;

    /// <summary>The reciprocal rank fusion constant (Cormack et al. 2009): a paper scores the sum of 1 / (k + rank) over the lists.</summary>
    public const int RrfK = 60;

    /// <summary>One page of results for <paramref name="query"/> in <paramref name="mode"/>; a bad query is a <see cref="SearchQueryException"/>.</summary>
    public async Task<SearchPage> SearchAsync(string query, SearchMode mode, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        if (mode == SearchMode.Keyword) return await search.SearchAsync(query, page, pageSize, cancellationToken).ConfigureAwait(false);
        var parsed = SearchQuery.Parse(query);
        await vectors.EncodeRecentDaysAsync(cancellationToken).ConfigureAwait(false);
        var queryVector = vectors.EncodeTexts([parsed.Text], cancellationToken)[0];
        var semantic = await index.NearestAsync(queryVector, Candidates, null, cancellationToken).ConfigureAwait(false);
        var keyword = mode == SearchMode.Hybrid
            ? (await search.SearchAsync(query, 1, Candidates, cancellationToken).ConfigureAwait(false)).Hits
            : [];
        List<(string ArxivId, double Score)> fused = mode == SearchMode.Semantic
            ? [.. semantic.Select(s => (s.ArxivId, Score: -(double)s.Similarity))]
            : Fuse(keyword.Select(h => h.ArxivId), semantic.Select(s => s.ArxivId));
        var byId = keyword.ToDictionary(h => h.ArxivId, StringComparer.Ordinal);
        var hits = new List<SearchHit>();
        foreach (var (id, score) in fused.Skip((page - 1) * pageSize).Take(pageSize))
        {
            if (byId.TryGetValue(id, out var hit)) { hits.Add(hit with { Score = score }); continue; }
            if (await store.GetPaperAsync(id, cancellationToken).ConfigureAwait(false) is not { } paper) continue;
            var days = await search.GetAppearancesAsync(id, cancellationToken).ConfigureAwait(false);
            hits.Add(new SearchHit(id, paper.FoldedTitle, Opening(paper.Abstract), score, days.Count == 0 ? null : days[^1]));
        }
        return new SearchPage(parsed.Text, page, pageSize, fused.Count, hits);
    }

    /// <summary>Reciprocal rank fusion of ranked id lists, best (lowest: negated) first; ties keep the first list's order.</summary>
    public static List<(string ArxivId, double Score)> Fuse(params IEnumerable<string>[] lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var scores = new Dictionary<string, (double Score, int First)>(StringComparer.Ordinal);
        var seen = 0;
        foreach (var list in lists)
        {
            var rank = 0;
            foreach (var id in list)
            {
                rank++;
                var add = 1.0 / (RrfK + rank);
                scores[id] = scores.TryGetValue(id, out var s) ? (s.Score + add, s.First) : (add, seen++);
            }
        }
        return [.. scores.OrderByDescending(p => p.Value.Score).ThenBy(p => p.Value.First).Select(p => (p.Key, -p.Value.Score))];
    }

    // A semantic hit has no matched words to mark: its snippet is the abstract's opening.
    private static string Opening(string text)
    {
        var folded = TextFolding.Fold(text).ReplaceLineEndings(" ");
        if (folded.Length <= 200) return folded;
        var cut = folded.LastIndexOf(' ', 200);
        return folded[..(cut > 100 ? cut : 200)] + "…";
    }
}
