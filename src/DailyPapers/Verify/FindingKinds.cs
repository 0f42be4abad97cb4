namespace DailyPapers.Verify;

/// <summary>The kinds of finding the built-in verifiers report (stable names: JSON output and stored summaries use them).</summary>
public static class FindingKinds
{
    /// <summary>A figure that appears in the source at another power of ten (7억 against "7 billion").</summary>
    public const string ScaleMismatch = "scale-mismatch";
    /// <summary>A figure that disagrees with the source's figure for the same thing (not by a power of ten, beyond the summary's rounding).</summary>
    public const string Contradicted = "contradicted";
    /// <summary>A figure nothing in the source supports (full text checked, or degenerate beyond doubt).</summary>
    public const string Ungrounded = "ungrounded";
    /// <summary>A figure only the full text could confirm, and only the abstract was available.</summary>
    public const string Unverified = "unverified";
    /// <summary>Degenerate repetition: repeated digit groups, characters or word sequences.</summary>
    public const string Repetition = "repetition";
    /// <summary>Wrong language: too little of the target script, or letters of another script.</summary>
    public const string Language = "language";
    /// <summary>Sections missing, empty, unknown or out of length bounds.</summary>
    public const string Schema = "schema";
    /// <summary>The paper of an audited digest is not in the source, so nothing about it could be checked.</summary>
    public const string MissingSource = "missing-source";
}
