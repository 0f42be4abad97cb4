using System.Globalization;
using DailyPapers.Text;

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
        var target = Scripts.TargetOf(language);
        var letters = text.Select(Scripts.Of).Where(s => s != Script.None).ToList();
        if (letters.Count == 0) return null;
        if (target.Contains(Script.Latin))
        {
            // Latin-script languages: most letters must be Latin.
            var latin = letters.Count(s => s == Script.Latin);
            return latin >= letters.Count * (1 - MinimumShare) ? null
                : $"the text is not in {SummaryPrompt.LanguageName(language)}: only {Percent(latin, letters.Count)} of its letters are Latin";
        }
        if (target.Contains(Script.Kana) && !letters.Contains(Script.Kana))
            return $"the text is not in {SummaryPrompt.LanguageName(language)}: it has no kana";
        var hits = letters.Count(target.Contains);
        return hits >= letters.Count * MinimumShare ? null
            : $"the text is not in {SummaryPrompt.LanguageName(language)}: only {Percent(hits, letters.Count)} of its letters are in that language's script";
    }

    private static string Percent(int part, int whole) => (part / (double)whole).ToString("P0", CultureInfo.InvariantCulture);
}
