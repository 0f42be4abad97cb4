using DailyPapers.Postgres;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage.Postgres;

public sealed class SearchSnippetTests
{
    private const char Open = SearchHit.MarkStart;
    private const char Close = SearchHit.MarkEnd;

    [Fact]
    public void The_lexemes_of_a_tsquery_are_read_unquoted_with_their_prefix_flag()
    {
        // Given a tsquery's text form with a phrase, a doubled quote, a backslash and a prefix
        var lexemes = SearchSnippet.Lexemes(@"'dark' <-> 'matter' & 'it''s' & 'a\\b' & '아키텍처':* & 'dark'");

        // Then each lexeme is read once, unescaped, and only the last one is a prefix
        Assert.Equal([("dark", false), ("matter", false), ("it's", false), (@"a\b", false), ("아키텍처", true)], lexemes);
    }

    [Fact]
    public void The_snippet_is_the_window_holding_the_most_query_words_each_marked()
    {
        // Given a long abstract whose only place with both words is in its middle
        var filler = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"word{i}"));
        var text = $"Dark skies. {filler} We measure dark Matter halos in 3.5 million galaxies. {filler} Matter again.";

        // When a snippet is made for dark, matter and 3.5
        var snippet = SearchSnippet.Make(text, [("dark", false), ("matter", false), ("3.5", false)]);

        // Then it shows that place, at most 16 words, every match marked as written, the decimal number whole
        Assert.StartsWith($"We measure {Open}dark{Close} {Open}Matter{Close} halos in {Open}3.5{Close} million galaxies.", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("Dark skies", snippet, StringComparison.Ordinal);
        Assert.True(snippet.Split(' ').Length <= SearchSnippet.MaxWords, snippet);
    }

    [Fact]
    public void A_prefix_marks_the_whole_word_and_a_whole_word_lexeme_marks_only_equal_words()
    {
        // Given a Korean sentence with a particle attached, and English words that only start like the query
        var snippet = SearchSnippet.Make("새로운 아키텍처를 제안한다. Spinning spin spins.", [("아키텍처", true), ("spin", false)]);

        // Then the prefix marks 아키텍처를 whole, and only the word spin itself is marked
        Assert.Equal($"새로운 {Open}아키텍처를{Close} 제안한다. Spinning {Open}spin{Close} spins.", snippet);
    }

    [Fact]
    public void Hosts_and_dotted_lexemes_are_marked_whole_and_a_comma_splits_numbers_as_PostgreSQL_does()
    {
        // Given an abstract whose link comes after 30 words (PostgreSQL's 'simple' parser keeps github.com and e.g whole,
        // and splits 1,000 into 1 and 000), and characters outside the BMP
        var filler = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"w{i}"));
        var text = $"{filler} Code at https://github.com/a/b, e.g. for 1,000 runs of 𝐀lpha.";

        // When the snippet is made for github.com, e.g, 1 and 000
        var snippet = SearchSnippet.Make(text, [("github.com", false), ("e.g", false), ("1", false), ("000", false)]);

        // Then each is marked where it stands, whole, and the window is there, the character outside the BMP kept whole
        Assert.Contains($"https://{Open}github.com{Close}/a/b, {Open}e.g{Close}. for {Open}1{Close},{Open}000{Close} runs", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("w0 ", snippet, StringComparison.Ordinal);
        Assert.Contains("𝐀lpha", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_without_a_match_or_without_words_gives_its_start()
    {
        Assert.Equal("no match here", SearchSnippet.Make("  no match here ", [("quokka", false)]));
        Assert.Equal("…", SearchSnippet.Make("…", [("quokka", false)]));
        Assert.Equal("", SearchSnippet.Make("", [("quokka", false)]));
        Assert.Equal("quokka", SearchSnippet.Make("quokka", []));
        Assert.Equal(new string('!', 200) + "…", SearchSnippet.Make(new string('!', 5000), [("quokka", false)]));
    }
}
