using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

/// <summary>The search half of the store contract.</summary>
public abstract partial class StoreContract
{
    private const char Open = SearchHit.MarkStart;
    private const char Close = SearchHit.MarkEnd;

    /// <summary>
    /// Four hand-written papers: "quokka" in one's title, another's abstract, a third's summary; a Korean abstract
    /// with a particle attached (아키텍처를).
    /// </summary>
    private async Task<IPaperSearch> SearchStoreAsync()
    {
        var store = await NewStoreAsync();
        await store.SaveDayAsync(new DayFeed(new DateOnly(2024, 8, 15),
        [
            Fixtures.Entry("2408.00010", "Quokka: a small model for marsupials", order: 0, abs: "We train a compact network on field photographs."),
            Fixtures.Entry("2408.00020", "Counting animals from the air", order: 1,
                abs: "Drones photograph wildlife. We count every quokka on the island, and each quokka is tracked over a week."),
            Fixtures.Entry("2408.00030", "Ranking with sparse retrieval", order: 2, abs: "A retrieval method for long documents."),
            Fixtures.Entry("2408.00040", "비전 언어 모델", order: 3, abs: "새로운 아키텍처를 제안하고 커뮤니티의 데이터로 평가한다."),
        ], []), CancellationToken.None);
        await store.SaveDayAsync(new DayFeed(new DateOnly(2024, 8, 16), [Fixtures.Entry("2408.00010", "Quokka: a small model for marsupials", abs: "")], []), CancellationToken.None);
        await store.SaveSummaryAsync(new SummaryKey("2408.00030", 0, "s", "m", "p", "en"),
            Summary("2408.00030", "The method was tested on a quokka photo archive.", Time(1), "en"), CancellationToken.None);
        return (IPaperSearch)store;
    }

    [Fact]
    public async Task Search_ranks_title_above_abstract_above_summary_and_marks_the_match()
    {
        // Given papers matching "quokka" in the title, the abstract and a summary
        var search = await SearchStoreAsync();

        // When searching for it
        var page = await search.SearchAsync("  quokka ", 1, 10, CancellationToken.None);

        // Then the title match is first, then the abstract, then the summary, each snippet marks the word
        Assert.Equal("quokka", page.Query);
        Assert.Equal(3, page.Total);
        Assert.False(page.TotalCapped);
        Assert.Equal(["2408.00010", "2408.00020", "2408.00030"], page.Hits.Select(h => h.ArxivId));
        Assert.Contains($"{Open}Quokka{Close}", page.Hits[0].Snippet, StringComparison.Ordinal);
        Assert.Contains($"{Open}quokka{Close}", page.Hits[1].Snippet, StringComparison.Ordinal);
        Assert.Contains($"{Open}quokka{Close} photo", page.Hits[2].Snippet, StringComparison.Ordinal);
        Assert.Equal("Quokka: a small model for marsupials", page.Hits[0].Title);
        Assert.Equal(new DateOnly(2024, 8, 16), page.Hits[0].LastDay);
        Assert.True(page.Hits[0].Score < page.Hits[1].Score && page.Hits[1].Score < page.Hits[2].Score);
    }

    [Fact]
    public async Task Search_pages_keep_the_total_and_every_word_is_required()
    {
        // Given the same papers
        var search = await SearchStoreAsync();

        // When asking for the second page of two, and for two words that only one paper has both of
        var second = await search.SearchAsync("quokka", 2, 2, CancellationToken.None);
        var beyond = await search.SearchAsync("quokka", 5, 2, CancellationToken.None);
        var both = await search.SearchAsync("quokka island", 1, 10, CancellationToken.None);
        var phrase = await search.SearchAsync("\"each quokka is tracked\"", 1, 10, CancellationToken.None);
        var brokenPhrase = await search.SearchAsync("\"quokka tracked\"", 1, 10, CancellationToken.None);

        // Then the page holds the third hit with the total still three, and the words and phrases narrow it
        Assert.Equal("2408.00030", Assert.Single(second.Hits).ArxivId);
        Assert.Equal((3, 2), (second.Total, second.PageCount));
        Assert.Empty(beyond.Hits);
        Assert.Equal(3, beyond.Total);
        Assert.Equal("2408.00020", Assert.Single(both.Hits).ArxivId);
        Assert.Equal("2408.00020", Assert.Single(phrase.Hits).ArxivId);
        Assert.Equal(0, brokenPhrase.Total);
    }

    [Fact]
    public async Task A_phrase_ranks_by_where_it_stands_whole_not_where_its_words_are()
    {
        // Given one paper with the words of a phrase in its title but reversed (and the phrase in its abstract), and one
        // with the phrase itself in its title
        var store = await NewStoreAsync();
        await ((IPaperImport)store).ImportPapersAsync(
        [
            ImportPaper("2409.00001", "Tracked quokka colonies", "Every quokka tracked by radio collars was counted."),
            ImportPaper("2409.00002", "Quokka tracked across islands", "Radio collars on marsupials."),
        ], CancellationToken.None);

        // When the phrase is searched
        var page = await ((IPaperSearch)store).SearchAsync("\"quokka tracked\"", 1, 10, CancellationToken.None);

        // Then the title phrase ranks first, and the reversed title counts as an abstract match, its snippet from the abstract
        Assert.Equal(["2409.00002", "2409.00001"], page.Hits.Select(h => h.ArxivId));
        Assert.Contains("radio collars", page.Hits[1].Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_matching_more_than_the_cap_counts_to_the_cap_pages_through_it_and_title_matches_still_lead()
    {
        // Given more papers with "numbat" in their abstracts than a search counts, and, imported after all of them, one
        // with it in its title
        var store = await NewStoreAsync();
        var import = (IPaperImport)store;
        var search = (IPaperSearch)store;
        var ct = CancellationToken.None;
        await import.ImportPapersAsync([.. Enumerable.Range(1, SearchPage.MaxResults + 100)
            .Select(i => ImportPaper($"2409.{i:00000}", $"Survey number {i}", "We observe the numbat in the wild at dawn."))], ct);
        await import.ImportPapersAsync([ImportPaper("2410.00001", "Numbat census", "A count of small marsupials.")], ct);

        // When it is searched, page by page (20 a page), and a page past the cap is asked for
        var pages = new List<SearchPage>();
        for (var p = 1; p <= SearchPage.MaxResults / 20; p++) pages.Add(await search.SearchAsync("numbat", p, 20, ct));
        var beyond = await search.SearchAsync("numbat", SearchPage.MaxResults / 20 + 1, 20, ct);

        // Then the count stops at the cap and says so, the title match leads, and the pages hold the cap's worth of
        // distinct papers, none past it
        Assert.All(pages, p => Assert.Equal((SearchPage.MaxResults, true, SearchPage.MaxResults / 20), (p.Total, p.TotalCapped, p.PageCount)));
        Assert.Equal("2410.00001", pages[0].Hits[0].ArxivId);
        Assert.Equal(SearchPage.MaxResults, pages.SelectMany(p => p.Hits).Select(h => h.ArxivId).Distinct().Count());
        Assert.Empty(beyond.Hits);
        Assert.Equal((SearchPage.MaxResults, true), (beyond.Total, beyond.TotalCapped));

        // And a search matching fewer than the cap still counts exactly
        var few = await search.SearchAsync("numbat census", 1, 20, ct);
        Assert.Equal((1, false), (few.Total, few.TotalCapped));
    }

    private static Paper ImportPaper(string id, string title, string abs) =>
        new() { ArxivId = id, Version = 1, Title = title, Authors = ["Ada Lovelace"], Abstract = abs };

    [Theory]
    [InlineData("quokka AND")]
    [InlineData("-quokka")]
    [InlineData("quokka:*")]
    [InlineData("\"quokka")]
    [InlineData("quokka) OR (NOT")]
    [InlineData("quokka & !island | <->")]
    [InlineData("quokka'; DROP TABLE papers; --")]
    [InlineData("title:quokka NEAR(x)")]
    public async Task Operators_and_punctuation_in_a_query_are_searched_as_text(string query)
    {
        // Given the same papers
        var search = await SearchStoreAsync();

        // When the query holds search-syntax operators or SQL
        var page = await search.SearchAsync(query, 1, 10, CancellationToken.None);

        // Then no syntax error: "quokka" is still required, the operator words are words, and the store is intact
        Assert.All(page.Hits, h => Assert.Contains("quokka", h.Snippet + h.Title, StringComparison.OrdinalIgnoreCase));
        var expected = query switch
        {
            "-quokka" or "quokka:*" or "\"quokka" => 3,
            "quokka AND" or "quokka & !island | <->" => 1, // only the drone paper has "and" and "island"
            _ => 0, // or/not, drop/table, "title quokka": no paper has every word
        };
        Assert.Equal(expected, page.Total);
        Assert.Equal(3, (await search.SearchAsync("quokka", 1, 10, CancellationToken.None)).Total);
    }

    [Theory]
    [InlineData("   ", "the search query is empty")]
    [InlineData("\" - ! \"", "has no letters or digits")]
    public async Task A_query_with_nothing_to_search_is_refused_with_a_message(string query, string expected)
    {
        var search = await SearchStoreAsync();

        var ex = await Assert.ThrowsAsync<SearchQueryException>(() => search.SearchAsync(query, 1, 10, CancellationToken.None));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unquoted_Korean_word_matches_words_with_particles_attached()
    {
        // Given a Korean abstract with 아키텍처를 and 커뮤니티의
        var search = await SearchStoreAsync();

        // When searching for the bare nouns, unquoted and quoted
        var prefix = await search.SearchAsync("아키텍처 커뮤니티", 1, 10, CancellationToken.None);
        var exact = await search.SearchAsync("\"아키텍처\"", 1, 10, CancellationToken.None);

        // Then unquoted words match as prefixes and the snippet marks the whole word; a quoted word must match whole
        var hit = Assert.Single(prefix.Hits);
        Assert.Equal("2408.00040", hit.ArxivId);
        Assert.Contains($"{Open}아키텍처를{Close}", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal(0, exact.Total);
    }

    [Theory]
    [InlineData("아키텍처를,")]
    [InlineData("아키텍처'\\")]
    [InlineData("(아키텍처)")]
    public async Task A_korean_prefix_word_with_quotes_backslashes_or_punctuation_still_searches(string query)
    {
        var search = await SearchStoreAsync();

        var page = await search.SearchAsync(query, 1, 10, CancellationToken.None);

        Assert.Equal("2408.00040", Assert.Single(page.Hits).ArxivId);
    }
}
