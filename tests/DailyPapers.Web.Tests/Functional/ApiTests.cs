using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Web.Apis;

namespace DailyPapers.Web.Tests.Functional;

public sealed class ApiTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Days_api_lists_stored_days_and_returns_a_day_in_digest_order()
    {
        // Given the two stored days
        var ranked = (await factory.Sample.Store.GetDayAsync(SampleStore.Day, CancellationToken.None))!.Ranked;

        // When the API lists the days and returns 2024-08-15 in Korean
        var days = await _client.GetFromJsonAsync<DaysResponse>("/api/days");
        var day = await _client.GetFromJsonAsync<DayResponse>("/api/days/2024-08-15?lang=ko");

        // Then the days are oldest first and the papers are ranked, Korean where it exists, English otherwise
        Assert.Equal([SampleStore.Day, SampleStore.HostileDay], days!.Days);
        Assert.Equal(ranked.Select(e => e.Paper.ArxivId), day!.Papers.Select(p => p.ArxivId));
        Assert.Equal(Enumerable.Range(1, ranked.Count), day.Papers.Select(p => p.Rank));
        Assert.Equal(["ko", "en"], day.Languages);
        Assert.Equal(SampleStore.HostileDay, day.Next);
        Assert.Equal("ko", day.Papers.Single(p => p.ArxivId == "2408.07246").Summary!.Language);
        var deepSpeak = day.Papers.Single(p => p.ArxivId == "2408.05366").Summary!;
        Assert.Equal("repetition", deepSpeak.Findings.Single().Kind);
        Assert.Equal("en", day.Papers.Single(p => p.ArxivId == "2408.07540").Summary!.Language);
    }

    [Fact]
    public async Task Papers_api_returns_a_paper_with_summaries_and_days()
    {
        // When the API returns ChemVLM
        var paper = await _client.GetFromJsonAsync<PaperResponse>("/api/papers/2408.07246v1");

        // Then the version suffix is ignored and the summaries by language and its day are there
        Assert.Equal("2408.07246", paper!.ArxivId);
        Assert.Equal(["ko", "en"], paper.Summaries.Select(s => s.Language));
        Assert.Equal([SampleStore.Day], paper.Days);
        Assert.Equal("https://arxiv.org/pdf/2408.07246", paper.PdfUrl);
    }

    [Theory]
    [InlineData("/api/days/15-08-2024", HttpStatusCode.BadRequest, "is not a date")]
    [InlineData("/api/days/2024-08-14", HttpStatusCode.NotFound, "no papers are stored for 2024-08-14")]
    [InlineData("/api/days/2024-08-15?lang=fr", HttpStatusCode.NotFound, "no summaries in 'fr'")]
    [InlineData("/api/papers/nope", HttpStatusCode.BadRequest, "is not an arXiv id")]
    [InlineData("/api/papers/2401.00001", HttpStatusCode.NotFound, "arXiv 2401.00001 is not in the store")]
    [InlineData("/api/search?q=", HttpStatusCode.BadRequest, "the search query is empty")]
    [InlineData("/api/search?q=%22%2A%22", HttpStatusCode.BadRequest, "has no letters or digits")]
    [InlineData("/api/search?q=model&pageSize=1000", HttpStatusCode.BadRequest, "pageSize 1000 is out of range")]
    public async Task Api_errors_are_problem_details_that_say_what_is_wrong(string url, HttpStatusCode status, string detail)
    {
        // When the API is asked for something malformed or missing
        var response = await _client.GetAsync(url);

        // Then it answers with the status and a ProblemDetails naming the input
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detail, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OpenApi_document_describes_the_days_papers_search_and_runs_endpoints()
    {
        // When the OpenAPI document is requested
        using var doc = JsonDocument.Parse(await _client.GetStringAsync("/api/openapi.json"));

        // Then it is OpenAPI 3 and lists the API's paths, not the HTML pages
        Assert.StartsWith("3.", doc.RootElement.GetProperty("openapi").GetString());
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/days/", paths.Select(p => p.TrimEnd('/') + "/"));
        Assert.Contains("/api/days/{date}", paths);
        Assert.Contains("/api/papers/{arxivId}", paths);
        Assert.Contains("/api/search", paths);
        Assert.Contains("/api/runs", paths);
        Assert.DoesNotContain("/archive", paths);
    }

    [Fact]
    public async Task Health_endpoint_reports_healthy_when_the_store_answers()
    {
        // When health is requested
        var response = await _client.GetAsync("/health");

        // Then it is 200 Healthy
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_gives_no_script_url_as_media_and_error_responses_keep_the_security_headers()
    {
        // Given the hostile day, whose paper has javascript: as its media URL
        // When the API returns that day, and a request ends in a 404 problem
        var day = await _client.GetFromJsonAsync<DayResponse>("/api/days/2024-08-16");
        var missing = await _client.GetAsync("/api/days/1999-01-01");

        // Then the media URL is withheld, and the error response carries the CSP like every other response
        Assert.All(day!.Papers, p => Assert.Null(p.MediaUrl));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("default-src 'none'", missing.Headers.GetValues("Content-Security-Policy").Single());
    }
}
