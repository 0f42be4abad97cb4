namespace DailyPapers.Papers;

/// <summary>Something a verifier found in a summary: its kind, the offending text and the source passage checked.</summary>
public sealed record Finding(string Kind, FindingSeverity Severity, string Section, string Text, string? SourcePassage = null, string? Message = null);

/// <summary>How bad a finding is.</summary>
public enum FindingSeverity
{
    /// <summary>Could not be checked (e.g. only the abstract was available).</summary>
    Unverified,
    /// <summary>Worth a look, not a defect.</summary>
    Warning,
    /// <summary>A defect: wrong, ungrounded or degenerate.</summary>
    Error,
}
