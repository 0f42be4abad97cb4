using System.Net;
using DailyPapers.Storage;
using DailyPapers.Web.Site;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Functional;

/// <summary>Pages are cached until the store changes; its own store, since it writes to it.</summary>
public sealed class PageCacheTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<string> GetOkAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_page_is_rendered_afresh_after_the_store_changes()
    {
        // Given the ChemVLM paper page was served (and cached)
        var before = await GetOkAsync("/papers/2408.07246");
        Assert.DoesNotContain("Summary (ja)", before);

        // When another writer stores a Japanese summary
        var store = factory.Sample.Store;
        var paper = (await store.GetPaperAsync("2408.07246", CancellationToken.None))!;
        await store.SaveSummaryAsync(SummaryKey.For(paper, SampleStore.HandWritten, "ja"), new Papers.Summary
        {
            ArxivId = paper.ArxivId, Language = "ja", Origin = SampleStore.HandWritten,
            Sections = [new(Papers.SectionNames.WhatsNew, "化学のための視覚言語モデル。")],
        }, CancellationToken.None);

        // Then the next request shows it, and answers 304 to a client that has the new version
        var response = await _client.GetAsync("/papers/2408.07246");
        Assert.Contains("Summary (ja)", await response.Content.ReadAsStringAsync());
        var conditional = new HttpRequestMessage(HttpMethod.Get, "/papers/2408.07246");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task Made_up_languages_are_not_cached_and_spellings_of_one_language_share_a_page()
    {
        // Given the Korean day page was served (and cached)
        var cache = factory.Services.GetRequiredService<DailyPapers.Web.Site.PageCache>();
        var ko = await GetOkAsync("/2024-08-15?lang=ko");
        var kept = cache.Count;

        // When a client asks for many languages the day does not have, and for other spellings of Korean
        for (var i = 0; i < 50; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/2024-08-15?lang=x{i}")).StatusCode);
        var upper = await GetOkAsync("/2024-08-15?lang=KO");
        var padded = await GetOkAsync("/2024-08-15?lang=%20ko%20");

        // Then none of the error pages took a cache entry, and every spelling got the one Korean page
        Assert.Equal(kept, cache.Count);
        Assert.Equal(ko, upper);
        Assert.Equal(ko, padded);
        Assert.Contains("<html lang=\"ko\">", upper, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_language_is_no_language_whether_or_not_the_page_is_cached()
    {
        // When the day is asked for with a blank ?lang= before and after its plain page is cached
        var blankFirst = await _client.GetAsync("/2024-08-14?lang=%20");
        var plain = await _client.GetAsync("/2024-08-14");
        var blankAfter = await _client.GetAsync("/2024-08-14?lang=%20");

        // Then all three answer alike (the sample store has no 2024-08-14: 404 each time, never a cached 200)
        Assert.Equal(HttpStatusCode.NotFound, blankFirst.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, plain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, blankAfter.StatusCode);
        var day = await GetOkAsync("/2024-08-15?lang=%20");
        Assert.Equal(await GetOkAsync("/2024-08-15"), day);
    }

    [Fact]
    public async Task A_page_already_rendered_is_answered_before_routing_with_the_same_bytes_and_headers()
    {
        // Given the day page was served once through its endpoint (and so cached)
        var first = await _client.GetAsync("/2024-08-15");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadAsByteArrayAsync();

        // When the fast path gets a plain request for that path, with a pipeline behind it that records being reached
        var middleware = new CachedPageMiddleware(_ => { Assert.Fail("a fresh cached page went past the fast path"); return Task.CompletedTask; },
            factory.Services.GetRequiredService<PageCache>());
        var context = new DefaultHttpContext { RequestServices = factory.Services };
        context.Request.Method = "GET";
        context.Request.Path = "/2024-08-15";
        context.Response.Body = new MemoryStream();
        await middleware.InvokeAsync(context);

        // Then it answers alone, with the endpoint's bytes, type, ETag and security headers
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(body, ((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal(first.Content.Headers.ContentType!.ToString(), context.Response.ContentType);
        Assert.Equal(first.Headers.ETag!.Tag, context.Response.Headers.ETag.ToString());
        foreach (var header in new[] { "Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cache-Control" })
            Assert.Equal(string.Join(",", first.Headers.GetValues(header)), context.Response.Headers[header].ToString());

        // And over HTTP the cached answer keeps the endpoint's 304, HEAD and headers
        var conditional = new HttpRequestMessage(HttpMethod.Get, "/2024-08-15");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(conditional)).StatusCode);
        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/2024-08-15"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(body.Length, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Requests_the_cache_cannot_answer_go_on_down_the_pipeline()
    {
        // Given a cached day page
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/2024-08-15")).StatusCode);
        var cache = factory.Services.GetRequiredService<PageCache>();

        // Then a query string, another method, or a path with no page is passed on
        foreach (var (method, path, query) in new[] { ("GET", "/2024-08-15", "?lang=en"), ("POST", "/2024-08-15", ""), ("GET", "/2024-08-16", ""), ("GET", "/api/days", "") })
        {
            var reached = false;
            var middleware = new CachedPageMiddleware(_ => { reached = true; return Task.CompletedTask; }, cache);
            var context = new DefaultHttpContext { RequestServices = factory.Services };
            context.Request.Method = method;
            context.Request.Path = path;
            context.Request.QueryString = new QueryString(query is "" ? null : query);
            await middleware.InvokeAsync(context);
            Assert.True(reached, $"{method} {path}{query} was answered from the cache");
        }
    }
}
