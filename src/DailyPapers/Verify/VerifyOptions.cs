using DailyPapers.Papers;

namespace DailyPapers.Verify;

/// <summary>What verification does with a failing summary and the bounds it checks (<c>DailyPapers:Verify</c>).</summary>
public sealed class VerifyOptions
{
    /// <summary>Ask a summarizer that can regenerate (an LLM) for one more attempt, stating the findings.</summary>
    public bool Regenerate { get; set; } = true;

    /// <summary>Drop a summary that still has defects after regeneration (counted as failed in the run report) instead of keeping it with visible flags.</summary>
    public bool Strict { get; set; }

    /// <summary>Shortest acceptable section, in characters.</summary>
    public int MinSectionLength { get; set; } = 20;

    /// <summary>Longest acceptable section, in characters.</summary>
    public int MaxSectionLength { get; set; } = 1500;

    /// <summary>Least share of target-script words among the words of a summary (a word is a run of one script's letters; Latin technical terms count against it).</summary>
    public double MinTargetScriptShare { get; set; } = 0.35;

    /// <summary>Least share of target-script words in any one section of 8 words or more (a section left untranslated).</summary>
    public double MinSectionScriptShare { get; set; } = 0.2;

    /// <summary>True when a finding is a defect (worse than a warning or an unchecked figure).</summary>
    public static bool IsDefect(Finding finding) => finding?.Severity == FindingSeverity.Error;
}
