using System.Text.RegularExpressions;

namespace DailyPapers.Papers;

/// <summary>Folds arXiv's hard-wrapped text into single-spaced lines.</summary>
public static partial class TextFolding
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Collapses every run of white space (line breaks included) into one space and trims.</summary>
    public static string Fold(string? text) => string.IsNullOrEmpty(text) ? "" : Whitespace().Replace(text, " ").Trim();
}
