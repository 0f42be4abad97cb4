using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>Identifies a summary: a change of any part re-summarizes the paper.</summary>
public sealed record SummaryKey(string ArxivId, int Version, string Summarizer, string Model, string PromptVersion, string Language)
{
    /// <summary>The key of a paper summarized by an origin in a language (version 0 when the feed gave none).</summary>
    public static SummaryKey For(Paper paper, SummaryOrigin origin, string language) =>
        new(paper.ArxivId, paper.Version ?? 0, origin.Summarizer, origin.Model, origin.PromptVersion, language);
}

/// <summary>Durable storage of papers, days, summaries and runs.</summary>
public interface IPaperStore
{
    /// <summary>Stores a day: papers are upserted, the date's entries replaced (never duplicated).</summary>
    Task SaveDayAsync(DayFeed day, CancellationToken cancellationToken);

    /// <summary>The stored day, or null when the date was never stored.</summary>
    Task<DayFeed?> GetDayAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>Every stored date that has entries, oldest first.</summary>
    Task<IReadOnlyList<DateOnly>> GetDatesAsync(CancellationToken cancellationToken);

    /// <summary>A stored paper, or null.</summary>
    Task<Paper?> GetPaperAsync(string arxivId, CancellationToken cancellationToken);

    /// <summary>The cached summary for the key, or null.</summary>
    Task<Summary?> GetSummaryAsync(SummaryKey key, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) a summary under its key.</summary>
    Task SaveSummaryAsync(SummaryKey key, Summary summary, CancellationToken cancellationToken);

    /// <summary>Every summary of a paper, newest first.</summary>
    Task<IReadOnlyList<Summary>> GetSummariesAsync(string arxivId, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) a paper's full text.</summary>
    Task SaveFullTextAsync(FullText fullText, CancellationToken cancellationToken);

    /// <summary>The stored full text of a paper, or null.</summary>
    Task<FullText?> GetFullTextAsync(string arxivId, CancellationToken cancellationToken);

    /// <summary>Records a run and its report.</summary>
    Task SaveRunAsync(RunReport report, CancellationToken cancellationToken);

    /// <summary>The latest run report of a date, or null.</summary>
    Task<RunReport?> GetLatestRunAsync(DateOnly date, CancellationToken cancellationToken);
}
