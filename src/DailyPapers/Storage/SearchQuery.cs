using DailyPapers.Text;

namespace DailyPapers.Storage;

/// <summary>
/// What a user typed into the search box, parsed once for every store: words and "quoted phrases", all required.
/// Each store only renders the terms in its own syntax (FTS5 MATCH, tsquery), always as quoted text or parameters,
/// so operators and punctuation typed by the user are searched as text and no query is a syntax error.
/// </summary>
public sealed record SearchQuery(string Text, IReadOnlyList<SearchTerm> Terms)
{
    /// <summary>Longest query accepted; longer ones are refused, not cut.</summary>
    public const int MaxLength = 200;

    /// <summary>Parses a query; an empty, too long or letterless one is a <see cref="SearchQueryException"/>.</summary>
    public static SearchQuery Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var trimmed = query.Trim();
        if (trimmed.Length == 0) throw new SearchQueryException("the search query is empty");
        if (trimmed.Length > MaxLength) throw new SearchQueryException($"the search query is {trimmed.Length} characters long; at most {MaxLength} are allowed");
        var terms = new List<SearchTerm>();
        var parts = trimmed.Split('"');
        for (var i = 0; i < parts.Length; i++)
        {
            // Odd parts were inside quotes (an unclosed quote runs to the end): one phrase; even parts are words.
            var quoted = i % 2 == 1;
            var pieces = quoted ? [parts[i].Trim()] : parts[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            // Korean attaches particles and endings to the word (아키텍처를, 커뮤니티의), and both indexes end tokens only
            // at spaces and punctuation, so an unquoted word in Hangul (or kana/Han) matches as a prefix. Han and kana
            // runs are not segmented at all: there the prefix helps only at the start of a run.
            terms.AddRange(pieces.Where(p => p.Any(char.IsLetterOrDigit)).Select(p => new SearchTerm(p, quoted, !quoted && p.Any(Scripts.IsCjk))));
        }
        if (terms.Count == 0) throw new SearchQueryException($"the search query '{trimmed}' has no letters or digits to search for");
        return new SearchQuery(trimmed, terms);
    }
}

/// <summary>One required term: a word or a quoted phrase, matched whole or (<see cref="IsPrefix"/>) as the start of a word.</summary>
public sealed record SearchTerm(string Text, bool IsQuoted, bool IsPrefix);
