namespace DailyPapers.Papers;

/// <summary>Progress of a run, for a progress bar or log lines.</summary>
public sealed record RunProgress(string Stage, int Done, int Total, string? Message = null);
