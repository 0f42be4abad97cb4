using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>Read queries of the web site: full-text search, a day's summaries at once, where a paper appeared.</summary>
public interface IPaperSearch
{
    /// <summary>Papers matching <paramref name="query"/> (plain words, all required; quotes keep a phrase), best first.</summary>
    Task<SearchPage> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>Every stored summary of the papers of a day, by arXiv id, newest first.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<Summary>>> GetDaySummariesAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>The days a paper was featured on, oldest first.</summary>
    Task<IReadOnlyList<DateOnly>> GetAppearancesAsync(string arxivId, CancellationToken cancellationToken);

    /// <summary>
    /// A value that changes whenever the store is written: at once for writes through this instance, and for writes by
    /// another process as soon as the store can tell cheaply (SQLite: at once; PostgreSQL: within a second).
    /// </summary>
    ValueTask<StoreStamp> GetChangeStampAsync(CancellationToken cancellationToken);
}

/// <summary>What the store says about its writes (file times and sizes, or a change counter): equal stamps mean nothing was written in between.</summary>
public readonly record struct StoreStamp(long MainTicks, long MainLength, long WalTicks, long WalLength);

/// <summary>
/// One page of search results and the total number of matches. A keyword search counts at most
/// <see cref="MaxResults"/> matches and pages through at most that many: when more papers match, <see cref="Total"/> is
/// <see cref="MaxResults"/> and <see cref="TotalCapped"/> is true ("more than 200 papers match"). The bound keeps a
/// search's work bounded on PostgreSQL whatever the number of matches (see PostgresPaperStore.Search).
/// </summary>
public sealed record SearchPage(string Query, int Page, int PageSize, int Total, IReadOnlyList<SearchHit> Hits, bool TotalCapped = false)
{
    /// <summary>How many matches a keyword search counts and pages through at most.</summary>
    public const int MaxResults = 200;

    /// <summary>Number of pages (at least 1).</summary>
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The rows a store reads for a page: its offset, and how many of the first <see cref="MaxResults"/> it holds (0 past them).</summary>
    public static (long Offset, int Limit) Window(int page, int pageSize)
    {
        var offset = (long)(page - 1) * pageSize;
        return (offset, (int)Math.Max(0, Math.Min(pageSize, MaxResults - offset)));
    }

    /// <summary>A page from a count of matches taken as far as one past <see cref="MaxResults"/>: more is "more than MaxResults".</summary>
    public static SearchPage Counted(string query, int page, int pageSize, long matches, IReadOnlyList<SearchHit> hits) =>
        matches > MaxResults ? new(query, page, pageSize, MaxResults, hits, TotalCapped: true) : new(query, page, pageSize, (int)matches, hits);
}

/// <summary>A matching paper: its title, a snippet with matches between <see cref="MarkStart"/> and <see cref="MarkEnd"/>, and its bm25 score (lower is better).</summary>
public sealed record SearchHit(string ArxivId, string Title, string Snippet, double Score, DateOnly? LastDay)
{
    /// <summary>Opens a matched term in <see cref="Snippet"/> (a private-use character, so it cannot clash with text).</summary>
    public const char MarkStart = '\uE000';
    /// <summary>Closes a matched term in <see cref="Snippet"/>.</summary>
    public const char MarkEnd = '\uE001';
}

/// <summary>A search query that cannot be run, with what is wrong.</summary>
public sealed class SearchQueryException(string message) : Exception(message);
