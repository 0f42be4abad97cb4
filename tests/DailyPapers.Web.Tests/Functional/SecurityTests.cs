using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace DailyPapers.Web.Tests.Functional;

public sealed class SecurityTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Hostile_title_authors_media_and_summary_markup_are_shown_as_text()
    {
        // Given a day whose paper title, author, media URL, abstract and summary are markup
        // When its day page and paper page are requested
        var day = await _client.GetStringAsync("/2024-08-16");
        var paper = await _client.GetStringAsync("/papers/" + SampleStore.HostileId);

        // Then the title and author are encoded text, the javascript: media is dropped, and the summary's raw HTML is inert
        foreach (var html in new[] { day, paper })
        {
            Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.DoesNotContain("<script>", html);
            Assert.DoesNotContain("<b>Mallory</b>", html);
            Assert.DoesNotMatch(new Regex("(href|src)=\"\\s*javascript:", RegexOptions.IgnoreCase), html);
            Assert.Contains("&lt;javascript:alert(7)&gt;", html); // an autolink with a script scheme stays text
            Assert.Contains("&lt;b&gt;Mallory&lt;/b&gt;", html);
            Assert.DoesNotMatch(new Regex("<img[^>]*onerror", RegexOptions.IgnoreCase), html);
        }
        Assert.Contains("&lt;script&gt;alert(4)&lt;/script&gt;", day);
        Assert.Contains("<a href=\"\">a link</a>", day);
        Assert.Contains("Plain <strong>bold</strong> text.", day);
    }

    [Fact]
    public async Task Trigger_endpoint_refuses_requests_without_the_right_bearer_token()
    {
        // Given an admin token is configured
        // When runs are posted without a token, with another scheme, and with a wrong token
        var none = await _client.PostAsync("/api/runs?date=2024-08-15", null);
        var basic = await PostRunAsync("Basic " + WebFactory.AdminToken);
        var wrong = await PostRunAsync("Bearer not-the-token");

        // Then each is 401 with a Bearer challenge, and no run was recorded
        foreach (var response in new[] { none, basic, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task Trigger_endpoint_is_absent_when_no_token_is_configured()
    {
        // Given the same app with no admin token
        using var disabled = factory.WithWebHostBuilder(b => b.UseSetting("DailyPapers:Web:AdminToken", ""));
        var client = disabled.CreateClient();

        // When a run is posted, even with some bearer token
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs?date=2024-08-15");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + WebFactory.AdminToken);
        var response = await client.SendAsync(request);

        // Then it is 404 as ProblemDetails saying why
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("DailyPapers:Web:AdminToken is not configured", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Trigger_endpoint_with_the_token_runs_the_digest_for_the_date()
    {
        // Given the right token
        // When a run of 2024-08-15 is posted
        var response = await PostRunAsync("Bearer " + WebFactory.AdminToken, "2024-08-15");
        var body = await response.Content.ReadFromJsonAsync<Apis.RunResponse>();

        // Then the digest ran over the stored day: every paper done, in the configured language's output (reused or new)
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(body);
        Assert.True(body.Succeeded);
        Assert.Equal(8, body.Done);
        Assert.Equal(0, body.Failed);
        var run = await factory.Sample.Store.GetLatestRunAsync(SampleStore.Day, CancellationToken.None);
        Assert.Equal(body.StartedAt, run!.StartedAt);
    }

    [Fact]
    public async Task Trigger_endpoint_answers_409_naming_the_holder_while_another_process_runs_the_date()
    {
        // Given 2024-08-15 of the site's store held by another run (a second store over the same file, as a CLI would)
        var before = await factory.Sample.Store.GetLatestRunAsync(SampleStore.Day, CancellationToken.None);
        await using (await new DailyPapers.Storage.SqlitePaperStore(factory.Sample.StorePath).AcquireDayAsync(SampleStore.Day, "digest", CancellationToken.None))
        {
            // When a run of that date is posted
            var response = await PostRunAsync("Bearer " + WebFactory.AdminToken, "2024-08-15");

            // Then it is refused with 409, the problem naming the date and the holder, and no run was recorded
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("2024-08-15 is already being run by digest on " + Environment.MachineName, await response.Content.ReadAsStringAsync());
            var after = await factory.Sample.Store.GetLatestRunAsync(SampleStore.Day, CancellationToken.None);
            Assert.Equal(before?.StartedAt, after?.StartedAt);
        }
    }

    [Theory]
    [InlineData("2024-13-01", HttpStatusCode.BadRequest, "is not a date")]
    [InlineData("", HttpStatusCode.BadRequest, "is not a date")]
    [InlineData("2023-01-02", HttpStatusCode.UnprocessableEntity, "2023-01-02")]
    public async Task Trigger_endpoint_with_the_token_reports_bad_dates_and_missing_days_as_problems(string date, HttpStatusCode status, string detail)
    {
        // When a run is posted for a malformed date or a day no source holds
        var response = await PostRunAsync("Bearer " + WebFactory.AdminToken, date);

        // Then the status says which, with a ProblemDetails body naming the date
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> PostRunAsync(string authorization, string date = "2024-08-15")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs?date=" + date);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return _client.SendAsync(request);
    }
}
