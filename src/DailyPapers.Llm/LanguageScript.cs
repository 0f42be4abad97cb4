using System.Globalization;

namespace DailyPapers.Llm;

/// <summary>
/// A cheap check that text is written in the script of its language (Hangul for Korean, kana for Japanese...),
/// allowing the English terms the prompt asks for. Finer language checks belong to the verifiers.
/// </summary>
public static class LanguageScript
{
    private const double MinimumShare = 0.3;

    /// <summary>Why <paramref name="text"/> is not in <paramref name="language"/>, or null when it plausibly is.</summary>
    public static string? Mismatch(string text, string language)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(language);
        var primary = language.Split('-')[0].ToLowerInvariant();
        Func<char, bool>? expected = primary switch
        {
            "ko" => IsHangul,
            "ja" => c => IsKana(c) || IsHan(c),
            "zh" => IsHan,
            "ru" or "uk" or "bg" or "sr" => c => c is >= '\u0400' and <= '\u04FF',
            "el" => c => c is >= '\u0370' and <= '\u03FF',
            "ar" or "fa" => c => c is >= '\u0600' and <= '\u06FF',
            "he" => c => c is >= '\u0590' and <= '\u05FF',
            "hi" or "mr" => c => c is >= '\u0900' and <= '\u097F',
            "th" => c => c is >= '\u0E00' and <= '\u0E7F',
            _ => null,
        };
        var letters = text.Where(char.IsLetter).ToList();
        if (letters.Count == 0) return null;
        if (expected is null)
        {
            // Latin-script languages: most letters must be Latin.
            var latin = letters.Count(IsLatin);
            return latin >= letters.Count * (1 - MinimumShare) ? null
                : $"the text is not in {SummaryPrompt.LanguageName(language)}: only {Percent(latin, letters.Count)} of its letters are Latin";
        }
        var hits = letters.Count(expected);
        if (primary == "ja" && !letters.Any(IsKana))
            return $"the text is not in {SummaryPrompt.LanguageName(language)}: it has no kana";
        return hits >= letters.Count * MinimumShare ? null
            : $"the text is not in {SummaryPrompt.LanguageName(language)}: only {Percent(hits, letters.Count)} of its letters are in that language's script";
    }

    private static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7A3' or >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F';
    private static bool IsKana(char c) => c is >= '\u3040' and <= '\u30FF';
    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';
    private static bool IsLatin(char c) => c <= '\u024F';
    private static string Percent(int part, int whole) => (part / (double)whole).ToString("P0", CultureInfo.InvariantCulture);
}
