namespace DailyPapers.Papers;

/// <summary>The outcome of one run for one date: every paper is accounted for.</summary>
public sealed record RunReport
{
    /// <summary>The date that was run.</summary>
    public required DateOnly Date { get; init; }
    /// <summary>Per paper and language: done or failed, with the reason.</summary>
    public required IReadOnlyList<PaperOutcome> Outcomes { get; init; }
    /// <summary>Feed records that could not be read.</summary>
    public IReadOnlyList<FeedProblem> Problems { get; init; } = [];
    /// <summary>Stages that did not fully succeed for a paper but did not stop it (e.g. enrichment).</summary>
    public IReadOnlyList<PaperWarning> Warnings { get; init; } = [];
    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>When the run finished.</summary>
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>The split of a cost-cascade run (<c>digest --top N</c>); null for a run without one.</summary>
    public CostCascade? Cascade { get; init; }

    /// <summary>Outcomes that failed.</summary>
    public IEnumerable<PaperOutcome> Failed => Outcomes.Where(o => o.Status == PaperStatus.Failed);

    /// <summary>True when every paper was summarized and every feed record read.</summary>
    public bool Succeeded => !Failed.Any() && Problems.Count == 0;

    /// <summary>Model calls, tokens and estimated cost of this run (reused summaries cost nothing).</summary>
    public ModelUsage Usage => Outcomes.Select(o => o.Usage).OfType<ModelUsage>().Aggregate(ModelUsage.None, (a, b) => a + b);
}

/// <summary>What happened to one paper in one language.</summary>
public sealed record PaperOutcome(string ArxivId, string Title, string Language, PaperStatus Status, string? Reason = null, bool Reused = false, ModelUsage? Usage = null);

/// <summary>A stage that failed for a paper without stopping it.</summary>
public sealed record PaperWarning(string ArxivId, string Stage, string Message);

/// <summary>Status of a paper in a run.</summary>
public enum PaperStatus
{
    /// <summary>Summarized (or reused from the store).</summary>
    Done,
    /// <summary>A stage failed; the reason says which and why.</summary>
    Failed,
}
