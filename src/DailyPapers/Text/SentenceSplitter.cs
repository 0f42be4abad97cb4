using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Text;

/// <summary>
/// Splits abstracts into sentences without breaking on "e.g.", "et al.", decimals, version numbers or URLs,
/// and with arXiv's hard line breaks folded first.
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "al", "vs", "cf", "fig", "figs", "eq", "eqs", "sec", "no", "approx", "resp", "dr", "prof", "mr", "ms", "st", "viz", "ca", "ref", "refs", "tab",
    };

    // A candidate end: . ! ? (optionally followed by closing quotes/brackets) then white space and a sentence start.
    [GeneratedRegex(@"[.!?][""'\)\]]*\s+(?=[\p{Lu}\p{Lo}\d""'(\[$\\])")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    /// <summary>The sentences of <paramref name="text"/>, trimmed, in order.</summary>
    public static IReadOnlyList<string> Split(string? text)
    {
        var folded = TextFolding.Fold(text);
        if (folded.Length == 0) return [];
        var urls = Url().Matches(folded).Select(m => (m.Index, End: m.Index + m.Length)).ToList();
        var sentences = new List<string>();
        var start = 0;
        foreach (Match m in Boundary().Matches(folded))
        {
            if (urls.Any(u => m.Index >= u.Index && m.Index < u.End - 1)) continue;
            if (folded[m.Index] == '.' && IsAbbreviation(folded, m.Index)) continue;
            var end = m.Index + m.Length;
            var sentence = folded[start..end].Trim();
            if (sentence.Length > 0) sentences.Add(sentence);
            start = end;
        }
        var last = folded[start..].Trim();
        if (last.Length > 0) sentences.Add(last);
        return sentences;
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var i = dot - 1;
        while (i >= 0 && (char.IsLetter(text[i]) || text[i] == '.')) i--;
        var word = text[(i + 1)..dot];
        if (word.Length == 0) return false;
        if (Abbreviations.Contains(word)) return true;
        // A single capital letter is an initial ("J. Smith"), not an end.
        return word.Length == 1 && char.IsUpper(word[0]);
    }
}
