using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Text;

/// <summary>
/// Splits abstracts into sentences without breaking on "e.g.", "et al.", decimals, version numbers, URLs or LaTeX,
/// with arXiv's hard line breaks folded first (a blank line still ends a sentence) and LaTeX markup simplified.
/// </summary>
public static partial class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "etc", "al", "vs", "cf", "fig", "figs", "eq", "eqs", "sec", "no", "approx", "resp", "dr", "prof", "mr", "ms", "st", "viz", "ca", "ref", "refs", "tab",
        "eg", "ie", "w.r.t", "a.k.a", "incl", "resp", "est", "nos", "vol", "pp", "ch", "appx", "thm", "def", "lem", "prop",
    };

    // Abbreviations that often end a sentence ("... and Smith et al. We then ...") when a typical sentence opener follows.
    private static readonly HashSet<string> SentenceFinal = new(StringComparer.OrdinalIgnoreCase) { "al", "etc" };

    private static readonly HashSet<string> Openers = new(StringComparer.Ordinal)
    {
        "We", "Our", "This", "These", "The", "In", "However", "To", "It", "They", "Moreover", "Furthermore", "Finally", "Experiments", "Results", "Code", "Additionally",
    };

    // A candidate end: . ! ? (optionally followed by closing quotes/brackets) then white space and a sentence start.
    [GeneratedRegex(@"[.!?][""'\)\]]*\s+(?=[\p{Lu}\p{Lo}\d""'(\[$\\{])")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"(?:https?://|www\.)\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"\r?\n[ \t]*\r?\n")]
    private static partial Regex BlankLine();

    /// <summary>The sentences of <paramref name="text"/>, trimmed, in order.</summary>
    public static IReadOnlyList<string> Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var sentences = new List<string>();
        foreach (var paragraph in BlankLine().Split(text))
            SplitParagraph(LatexText.Simplify(TextFolding.Fold(paragraph)), sentences);
        return sentences;
    }

    private static void SplitParagraph(string folded, List<string> sentences)
    {
        if (folded.Length == 0) return;
        var urls = Url().Matches(folded).Select(m => (m.Index, End: m.Index + m.Length)).ToList();
        var start = 0;
        foreach (Match m in Boundary().Matches(folded))
        {
            if (urls.Any(u => m.Index >= u.Index && m.Index < u.End - 1)) continue;
            var end = m.Index + m.Length;
            if (folded[m.Index] == '.' && IsAbbreviation(folded, m.Index, end)) continue;
            var sentence = folded[start..end].Trim();
            if (sentence.Length > 0) sentences.Add(sentence);
            start = end;
        }
        var last = folded[start..].Trim();
        if (last.Length > 0) sentences.Add(last);
    }

    private static bool IsAbbreviation(string text, int dot, int next)
    {
        var i = dot - 1;
        while (i >= 0 && (char.IsLetter(text[i]) || text[i] == '.')) i--;
        var word = text[(i + 1)..dot];
        if (word.Length == 0) return false;
        if (Abbreviations.Contains(word)) return !(SentenceFinal.Contains(word) && Openers.Contains(NextWord(text, next)));
        // A single capital letter is an initial ("J. Smith"), not an end.
        return word.Length == 1 && char.IsUpper(word[0]);
    }

    private static string NextWord(string text, int from)
    {
        var end = from;
        while (end < text.Length && char.IsLetter(text[end])) end++;
        return text[from..end];
    }
}
