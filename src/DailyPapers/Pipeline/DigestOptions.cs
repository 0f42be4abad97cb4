namespace DailyPapers.Pipeline;

/// <summary>Defaults of a digest run (<c>DailyPapers:Digest</c>).</summary>
public sealed class DigestOptions
{
    /// <summary>Summary language(s), comma-separated BCP-47 codes.</summary>
    public string Language { get; set; } = "ko";

    /// <summary>The summarizer used when none is named; empty means the offline extractive one.</summary>
    public string? Summarizer { get; set; }

    /// <summary>Cost cascade: summarize the N best-ranked papers with the LLM and the rest offline; unset: every paper with the chosen summarizer.</summary>
    public int? Top { get; set; }

    /// <summary>Comma-separated keywords that rank a day without votes (an arXiv listing) for the cost cascade.</summary>
    public string? Keywords { get; set; }

    /// <summary>The keywords of <see cref="Keywords"/>, trimmed, without repeats.</summary>
    public static IReadOnlyList<string> ParseKeywords(string? value) =>
        [.. (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The languages of <see cref="Language"/> as a list.</summary>
    public static IReadOnlyList<string> ParseLanguages(string? value)
    {
        var langs = (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var l in langs)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(l, "^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"))
                throw new ArgumentException($"'{l}' is not a BCP-47 language code (e.g. ko, en, ja, zh-Hans)");
            if (!Text.LanguageNames.IsKnown(l))
                throw new ArgumentException($"'{l}' is not a known language (e.g. ko, en, ja, zh-Hans)");
        }
        return langs.Length > 0 ? [.. langs.Distinct(StringComparer.OrdinalIgnoreCase)] : throw new ArgumentException("no language given");
    }
}
