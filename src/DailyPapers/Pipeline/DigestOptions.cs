namespace DailyPapers.Pipeline;

/// <summary>Defaults of a digest run (<c>DailyPapers:Digest</c>).</summary>
public sealed class DigestOptions
{
    /// <summary>Summary language(s), comma-separated BCP-47 codes.</summary>
    public string Language { get; set; } = "ko";

    /// <summary>The summarizer used when none is named; empty means the offline extractive one.</summary>
    public string? Summarizer { get; set; }

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
