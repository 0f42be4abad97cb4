using System.Net.Http.Json;
using DailyPapers.Storage;

namespace DailyPapers.Web.Tests.Functional;

public sealed class SearchTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Search_ranks_the_title_match_first_and_marks_the_terms()
    {
        // When "Gaussian" is searched
        var result = await _client.GetFromJsonAsync<SearchPage>("/api/search?q=Gaussian");
        var html = await _client.GetStringAsync("/search?q=Gaussian");

        // Then the paper with Gaussian in its title ranks first, and the page highlights the term
        Assert.Equal("2408.07540", result!.Hits[0].ArxivId);
        Assert.Contains(SearchHit.MarkStart + "Gaussian" + SearchHit.MarkEnd, result.Hits[0].Snippet);
        Assert.Contains("<a href=\"/papers/2408.07540\">3D Gaussian Editing with A Single Image</a>", html);
        Assert.Contains("<mark>Gaussian</mark>", html);
    }

    [Fact]
    public async Task Search_finds_text_that_is_only_in_a_summary()
    {
        // Given a Korean summary is the only place the word 딥페이크 appears
        // When it is searched
        var result = await _client.GetFromJsonAsync<SearchPage>("/api/search?q=" + Uri.EscapeDataString("딥페이크"));

        // Then the DeepSpeak paper is found through its summary
        Assert.Equal(["2408.05366"], result!.Hits.Select(h => h.ArxivId));
    }

    [Theory]
    [InlineData("커뮤니티", "2408.05366")] // stored as 커뮤니티를
    [InlineData("아키텍처", "2408.07246")] // stored as 아키텍처를
    [InlineData("딥페이크 데이터셋", "2408.05366")] // 데이터셋입니다
    public async Task A_korean_word_finds_its_forms_with_particles_and_endings(string query, string expected)
    {
        var result = await _client.GetFromJsonAsync<SearchPage>("/api/search?q=" + Uri.EscapeDataString(query));

        Assert.Equal([expected], result!.Hits.Select(h => h.ArxivId));
        Assert.Contains(DailyPapers.Storage.SearchHit.MarkStart, result.Hits[0].Snippet); // the matched form is marked
    }

    [Fact]
    public async Task A_quoted_korean_word_still_matches_only_itself()
    {
        var result = await _client.GetFromJsonAsync<SearchPage>("/api/search?q=" + Uri.EscapeDataString("\"커뮤니티\""));

        Assert.Empty(result!.Hits);
    }

    [Fact]
    public async Task Search_is_paged_without_overlap_and_counts_every_match()
    {
        // Given a word found in most abstracts
        // When it is searched two results at a time
        var first = await _client.GetFromJsonAsync<SearchPage>("/api/search?q=the&pageSize=2&page=1");
        var second = await _client.GetFromJsonAsync<SearchPage>("/api/search?q=the&pageSize=2&page=2");
        var all = await _client.GetFromJsonAsync<SearchPage>("/api/search?q=the&pageSize=100");
        var html = await _client.GetStringAsync("/search?q=the&page=2");

        // Then the pages follow the full ranking and the HTML page links both ways
        Assert.True(first!.Total > 4, $"expected many matches, got {first.Total}");
        Assert.Equal(all!.Hits.Take(2).Select(h => h.ArxivId), first.Hits.Select(h => h.ArxivId));
        Assert.Equal(all.Hits.Skip(2).Take(2).Select(h => h.ArxivId), second!.Hits.Select(h => h.ArxivId));
        Assert.Equal(first.Total, all.Hits.Count);
        Assert.Contains("rel=\"prev\" href=\"/search?q=the&amp;page=1\"", html);
    }

    [Theory]
    [InlineData("Gaussian* -editing", "2408.07540")]
    [InlineData("\"single image\"", "2408.07540")]
    [InlineData("NEAR(zzqx b) ^ * : -", null)]
    public async Task Search_treats_operators_and_punctuation_as_text(string query, string? expectedFirst)
    {
        // When a query full of FTS5 syntax is searched
        var response = await _client.GetAsync("/api/search?q=" + Uri.EscapeDataString(query));

        // Then it never fails as a syntax error: it answers 200 and finds what the words find
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<SearchPage>();
        if (expectedFirst is null) Assert.Empty(result!.Hits);
        else Assert.Equal(expectedFirst, result!.Hits[0].ArxivId);
    }
}
