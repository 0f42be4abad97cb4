using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Storage;

namespace DailyPapers.Postgres;

/// <summary>
/// A search hit's snippet, made in the application from the text PostgreSQL chose: the window of at most
/// <see cref="MaxWords"/> words that holds the most of the query's lexemes, each matching word between
/// <see cref="SearchHit.MarkStart"/> and <see cref="SearchHit.MarkEnd"/>. It does what ts_headline did for the site
/// (one fragment of 6-16 words) in time linear in the text, without a parse on the server for every row of a page.
/// Words are runs of letters, digits and marks (a decimal point between digits included), lower-cased, as the
/// 'simple' configuration's lexemes are; a lexeme matches a word it equals, a prefix lexeme one it starts.
/// </summary>
public static partial class SearchSnippet
{
    /// <summary>Most words a snippet shows.</summary>
    public const int MaxWords = 16;

    /// <summary>Most characters shown of a text without a word.</summary>
    private const int MaxWordlessChars = 200;

    /// <summary>Words shown before the first match, where the text allows.</summary>
    private const int ContextBefore = 2;

    /// <summary>One lexeme of a tsquery's text form, quoted (quotes and backslashes doubled), optionally a prefix (<c>:*</c>).</summary>
    [GeneratedRegex(@"'((?:[^'\\]|''|\\.)*)'(:[*A-D]+)?")]
    private static partial Regex Lexeme();

    /// <summary>The lexemes of a tsquery's text form (<c>'dark' &lt;-&gt; 'matter' &amp; 'spin':*</c>) and whether each is a prefix.</summary>
    public static IReadOnlyList<(string Text, bool IsPrefix)> Lexemes(string tsquery)
    {
        ArgumentNullException.ThrowIfNull(tsquery);
        var lexemes = new List<(string, bool)>();
        foreach (Match m in Lexeme().Matches(tsquery))
        {
            var raw = m.Groups[1].Value;
            var sb = new StringBuilder(raw.Length);
            for (var i = 0; i < raw.Length; i++)
            {
                // '' and \x stand for ' and x.
                if ((raw[i] == '\'' || raw[i] == '\\') && i + 1 < raw.Length) i++;
                sb.Append(raw[i]);
            }
            var text = sb.ToString().ToLowerInvariant();
            var prefix = m.Groups[2].Value.Contains('*', StringComparison.Ordinal);
            if (text.Length > 0 && !lexemes.Contains((text, prefix))) lexemes.Add((text, prefix));
        }
        return lexemes;
    }

    /// <summary>The snippet of <paramref name="text"/> for a query's lexemes (see the class).</summary>
    public static string Make(string text, IReadOnlyList<(string Text, bool IsPrefix)> lexemes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lexemes);
        var words = Words(text);
        if (words.Count == 0) return text.Length <= MaxWordlessChars ? text.Trim() : text[..MaxWordlessChars].Trim() + "…";
        var lower = text.ToLowerInvariant(); // the same length: .NET maps case one character to one
        var (matched, spans) = Matches(lower, words, lexemes);
        var window = Math.Min(MaxWords, words.Count);
        var best = BestWindow(matched, lexemes.Count, window);
        var sb = new StringBuilder();
        var from = best == 0 ? 0 : words[best].Start;
        var last = best + window - 1;
        var to = last == words.Count - 1 ? text.Length : words[last].Start + words[last].Length;
        var at = from;
        foreach (var (start, end) in spans)
        {
            // Marked text inside the window, overlapping spans merged.
            var (a, z) = (Math.Max(start, at), Math.Min(end, to));
            if (z <= a) continue;
            sb.Append(text, at, a - at).Append(SearchHit.MarkStart).Append(text, a, z - a).Append(SearchHit.MarkEnd);
            at = z;
        }
        sb.Append(text, at, to - at);
        return sb.ToString().Trim();
    }

    /// <summary>
    /// Which lexeme each word matches (-1: none), and the spans of text to mark, in order. A lexeme with characters
    /// between its letters (github.com, e.g, a file path: the 'simple' parser keeps hosts, URLs and such whole) is looked
    /// for in the text itself, where no letter or digit touches it; its words match.
    /// </summary>
    private static (int[] Matched, List<(int Start, int End)> Spans) Matches(string lower, List<(int Start, int Length)> words,
        IReadOnlyList<(string Text, bool IsPrefix)> lexemes)
    {
        var matched = new int[words.Count];
        for (var w = 0; w < words.Count; w++)
        {
            var word = lower.AsSpan(words[w].Start, words[w].Length);
            matched[w] = -1;
            for (var l = 0; l < lexemes.Count && matched[w] < 0; l++)
            {
                var (lexeme, isPrefix) = lexemes[l];
                if (isPrefix ? word.StartsWith(lexeme, StringComparison.Ordinal) : word.SequenceEqual(lexeme)) matched[w] = l;
            }
        }
        var spans = new List<(int Start, int End)>();
        var inSpan = new bool[words.Count];
        for (var l = 0; l < lexemes.Count; l++)
        {
            var (lexeme, isPrefix) = lexemes[l];
            if (!lexeme.Any(c => !IsWordChar(c))) continue;
            for (var found = lower.IndexOf(lexeme, StringComparison.Ordinal); found >= 0; found = lower.IndexOf(lexeme, found + 1, StringComparison.Ordinal))
            {
                var end = found + lexeme.Length;
                if ((found > 0 && IsWordChar(lower[found - 1])) || (!isPrefix && end < lower.Length && IsWordChar(lower[end]))) continue;
                spans.Add((found, end));
                for (var w = FirstWordEndingAfter(words, found); w < words.Count && words[w].Start < end; w++)
                {
                    inSpan[w] = true;
                    if (matched[w] < 0) matched[w] = l;
                }
            }
        }
        for (var w = 0; w < words.Count; w++)
            if (matched[w] >= 0 && !inSpan[w]) spans.Add((words[w].Start, words[w].Start + words[w].Length));
        spans.Sort();
        return (matched, spans);
    }

    /// <summary>
    /// The first word of the window of <paramref name="window"/> words with the most distinct lexemes, then the most
    /// matching words (the earliest wins), moved to start two words before its first match where the text allows. A
    /// sliding window keeps a count per lexeme, so the choice is linear in the number of words.
    /// </summary>
    private static int BestWindow(int[] matched, int lexemeCount, int window)
    {
        var counts = new int[Math.Max(1, lexemeCount)];
        int distinct = 0, hits = 0, best = 0, bestDistinct = -1, bestHits = -1;
        for (var end = 0; end < matched.Length; end++)
        {
            if (matched[end] >= 0)
            {
                hits++;
                if (counts[matched[end]]++ == 0) distinct++;
            }
            var start = end - window + 1;
            if (start > 0 && matched[start - 1] >= 0)
            {
                hits--;
                if (--counts[matched[start - 1]] == 0) distinct--;
            }
            if (start >= 0 && (distinct > bestDistinct || (distinct == bestDistinct && hits > bestHits)))
                (best, bestDistinct, bestHits) = (start, distinct, hits);
        }
        for (var w = best; w < best + window; w++)
        {
            if (matched[w] >= 0)
                return Math.Min(Math.Max(best, w - ContextBefore), matched.Length - window);
        }
        return best;
    }

    /// <summary>The first word that ends after <paramref name="position"/> (binary search).</summary>
    private static int FirstWordEndingAfter(List<(int Start, int Length)> words, int position)
    {
        int lo = 0, hi = words.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (words[mid].Start + words[mid].Length <= position) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The words of a text: runs of letters, digits and marks (a character outside the BMP by its code point), with a decimal point between digits.</summary>
    private static List<(int Start, int Length)> Words(string text)
    {
        var words = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (IsWordChar(text, i)
                || (start >= 0 && text[i] == '.' && char.IsDigit(text[i - 1]) && i + 1 < text.Length && char.IsDigit(text[i + 1])));
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                words.Add((start, i - start));
                start = -1;
            }
        }
        return words;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.LetterNumber;

    /// <summary>Whether the character at <paramref name="i"/> belongs to a word; both halves of a surrogate pair answer for the pair.</summary>
    private static bool IsWordChar(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) return char.IsLetterOrDigit(text, i);
        if (char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(text[i - 1])) return char.IsLetterOrDigit(text, i - 1);
        return IsWordChar(c);
    }
}
