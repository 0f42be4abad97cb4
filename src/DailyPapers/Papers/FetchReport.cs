namespace DailyPapers.Papers;

/// <summary>What a fetch of one day came to.</summary>
public enum FetchStatus
{
    /// <summary>The day's papers were stored (some enrichment may have failed; see the warnings).</summary>
    Stored,
    /// <summary>The feed lists no papers that day (weekend, holiday).</summary>
    NoPapers,
    /// <summary>The day could not be collected; the message says why. Anything stored before is kept.</summary>
    Failed,
}

/// <summary>The outcome of fetching one day: every paper stored, and every failure with its reason.</summary>
public sealed record FetchReport(DateOnly Date, FetchStatus Status, int Papers, string? Message)
{
    /// <summary>Per-paper enrichment failures (the paper is stored with what was collected).</summary>
    public IReadOnlyList<PaperWarning> Warnings { get; init; } = [];
    /// <summary>Feed records that could not be read.</summary>
    public IReadOnlyList<FeedProblem> Problems { get; init; } = [];
    /// <summary>When the fetch started.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>When it finished.</summary>
    public DateTimeOffset FinishedAt { get; init; }
}
