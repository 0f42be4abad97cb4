namespace DailyPapers.Papers;

/// <summary>A paper's summary in one language: ordered named sections and who wrote it.</summary>
public sealed record Summary
{
    /// <summary>arXiv id of the paper.</summary>
    public required string ArxivId { get; init; }
    /// <summary>BCP-47 language of the text.</summary>
    public required string Language { get; init; }
    /// <summary>The sections in display order.</summary>
    public required IReadOnlyList<SummarySection> Sections { get; init; }
    /// <summary>What wrote it.</summary>
    public required SummaryOrigin Origin { get; init; }
    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>What the verifiers found; empty when the summary passed every check.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Model calls and tokens spent making it; null for summarizers that call no model.</summary>
    public ModelUsage? Usage { get; init; }

    /// <summary>The text of a section, or null.</summary>
    public string? this[string section] => Sections.FirstOrDefault(s => s.Name == section)?.Text;
}

/// <summary>A named section of a summary, e.g. "What's New".</summary>
public sealed record SummarySection(string Name, string Text);

/// <summary>The summarizer, model and prompt version that produced a summary.</summary>
public sealed record SummaryOrigin(string Summarizer, string Model, string PromptVersion);

/// <summary>The section names of the reference digest.</summary>
public static class SectionNames
{
    /// <summary>Required: what the paper contributes.</summary>
    public const string WhatsNew = "What's New";
    /// <summary>Required: how it works.</summary>
    public const string TechnicalDetails = "Technical Details";
    /// <summary>Required: results.</summary>
    public const string PerformanceHighlights = "Performance Highlights";
    /// <summary>Optional: datasets introduced.</summary>
    public const string NewDatasets = "New Datasets";
    /// <summary>Optional: applications.</summary>
    public const string Applications = "Applications";
    /// <summary>Optional: code and resources.</summary>
    public const string CodeAndResources = "Code and Resources";
    /// <summary>Optional: evaluation.</summary>
    public const string Evaluation = "Evaluation";

    /// <summary>Sections every summary must have.</summary>
    public static readonly IReadOnlyList<string> Required = [WhatsNew, TechnicalDetails, PerformanceHighlights];

    /// <summary>Sections a summary may add when the paper supports them.</summary>
    public static readonly IReadOnlyList<string> Optional = [NewDatasets, Applications, CodeAndResources, Evaluation];
}
