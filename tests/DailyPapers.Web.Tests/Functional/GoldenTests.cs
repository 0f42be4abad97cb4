using DailyPapers.Tests;

namespace DailyPapers.Web.Tests.Functional;

/// <summary>
/// Every web publisher's output for the sample store, byte for byte: the HTML day and paper pages, Atom, JSON Feed and
/// the OpenAPI document (Expectations/*.verified.*; UPDATE_GOLDEN=1 accepts a deliberate change).
/// </summary>
public sealed class GoldenTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/2024-08-15", "day-2024-08-15-ko.html")]
    [InlineData("/2024-08-16", "day-2024-08-16-hostile.html")]
    [InlineData("/papers/2408.07246", "paper-2408-07246.html")]
    [InlineData("/papers/2408.99999", "paper-2408-99999-hostile.html")]
    [InlineData("/archive", "archive.html")]
    [InlineData("/feed.atom?lang=en", "feed-en.atom")]
    [InlineData("/feed.json", "feed-ko.json")]
    [InlineData("/api/openapi.json", "openapi.json")]
    public async Task Publisher_output_matches_its_golden_file(string url, string golden)
    {
        // Given the sample store (the 2024-08-15 run, hand-written Korean summaries, the hostile 2024-08-16 day)
        // When the resource is requested
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        // Then it answers 200 with exactly the accepted output
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        Golden.Verify(golden, body);
    }
}
