using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

public sealed class SearchQueryTests
{
    [Fact]
    public void Words_and_quoted_phrases_become_required_terms_in_order()
    {
        // Given words around a quoted phrase, with operators typed as text
        var query = SearchQuery.Parse("  diffusion \"video model\" -drone AND ");

        // Then every piece is one term, the phrase kept whole, nothing a prefix, the text trimmed
        Assert.Equal("diffusion \"video model\" -drone AND", query.Text);
        Assert.Equal(
            [new SearchTerm("diffusion", false, false), new SearchTerm("video model", true, false), new SearchTerm("-drone", false, false), new SearchTerm("AND", false, false)],
            query.Terms);
    }

    [Theory]
    [InlineData("아키텍처", true)]
    [InlineData("言語モデル", true)]
    [InlineData("大模型", true)]
    [InlineData("model", false)]
    [InlineData("ℝ^n", false)] // a letterlike math symbol is not a script
    public void An_unquoted_CJK_word_is_a_prefix_and_a_quoted_one_is_not(string word, bool prefix)
    {
        Assert.Equal(prefix, Assert.Single(SearchQuery.Parse(word).Terms).IsPrefix);
        Assert.False(Assert.Single(SearchQuery.Parse("\"" + word + "\"").Terms).IsPrefix);
    }

    [Fact]
    public void An_unclosed_quote_runs_to_the_end_and_pieces_without_letters_are_dropped()
    {
        var query = SearchQuery.Parse("quokka - ! \"island drone");

        Assert.Equal([new SearchTerm("quokka", false, false), new SearchTerm("island drone", true, false)], query.Terms);
    }

    [Theory]
    [InlineData("", "the search query is empty")]
    [InlineData(" \t ", "the search query is empty")]
    [InlineData("\" - ! \"", "the search query '\" - ! \"' has no letters or digits to search for")]
    public void A_query_with_nothing_to_search_is_refused(string text, string expected)
    {
        Assert.Equal(expected, Assert.Throws<SearchQueryException>(() => SearchQuery.Parse(text)).Message);
    }

    [Fact]
    public void A_query_longer_than_the_limit_is_refused_not_cut()
    {
        var atLimit = SearchQuery.Parse(new string('a', SearchQuery.MaxLength));
        var ex = Assert.Throws<SearchQueryException>(() => SearchQuery.Parse(new string('a', SearchQuery.MaxLength + 1)));

        Assert.Equal(SearchQuery.MaxLength, Assert.Single(atLimit.Terms).Text.Length);
        Assert.Equal($"the search query is 201 characters long; at most {SearchQuery.MaxLength} are allowed", ex.Message);
    }

    [Fact]
    public void Each_store_renders_the_same_terms_in_its_own_syntax()
    {
        // Given one parsed query with a word, a phrase and a Korean prefix word with a quote mark in it
        var query = SearchQuery.Parse("model \"video model\" 아키텍처's");

        // When each store renders it
        var match = SqlitePaperStore.ToMatchExpression(query);
        var (sql, args) = DailyPapers.Postgres.PostgresPaperStore.ToTsQuery(query);

        // Then FTS5 gets quoted strings (prefix starred) and PostgreSQL gets parameters (prefix lexeme quoted), in SQL that
        // is the same for a query of one word (one prepared statement for every search)
        Assert.Equal("\"model\" \"video model\" \"아키텍처's\"*", match);
        Assert.Equal(DailyPapers.Postgres.PostgresPaperStore.ToTsQuery(SearchQuery.Parse("model")).Sql, sql);
        Assert.Equal(["terms", "prefixes"], args.Select(a => a.Name));
        Assert.Equal(["model", "video model", "'아키텍처''s':*"], (string[])args[0].Value!);
        Assert.Equal([false, false, true], (bool[])args[1].Value!);
    }
}
