using System.Net;
using System.Text.RegularExpressions;

namespace DailyPapers.Web.Tests.Functional;

public sealed class PageTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<string> GetOkAsync(string url)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
        return body;
    }

    [Fact]
    public async Task Day_page_lists_papers_in_digest_order_with_title_link_media_votes_authors_and_sections()
    {
        // Given the sample day stored by a digest run
        var day = (await factory.Sample.Store.GetDayAsync(SampleStore.Day, CancellationToken.None))!;

        // When the day page is requested in English
        var html = await GetOkAsync("/2024-08-15?lang=en");

        // Then every paper appears once, in upvote order, as the reference lays it out
        var titles = Regex.Matches(html, "<h2><a href=\"https://arxiv.org/abs/([^\"]+)\">").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(day.Ranked.Select(e => e.Paper.ArxivId), titles);
        var first = day.Ranked[0];
        var article = Regex.Match(html, $"<article class=\"paper\" id=\"paper-{first.Paper.ArxivId.Replace('.', '-')}\">(.*?)</article>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"<img loading=\"lazy\" alt src=\"{first.MediaUrl}\" />", article);
        Assert.Contains($"Vote: {first.Upvotes}</p>", article);
        Assert.Contains("Authors: " + WebUtility.HtmlEncode(string.Join(", ", first.Paper.Authors)), article);
        var sections = Regex.Matches(article, "<li><strong>([^<]+)</strong>:").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(["What's New", "Technical Details", "Performance Highlights"], sections.Take(3));
        Assert.True(html.IndexOf("<h1>Daily Papers <span class=\"date\">(2024-08-15)</span></h1>", StringComparison.Ordinal) < html.IndexOf("<article", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Day_page_offers_a_language_switch_and_shows_the_chosen_language()
    {
        // Given English summaries from the run and Korean ones for two papers
        // When the day is shown without a language (the configured preference is ko) and then in en
        var ko = await GetOkAsync("/2024-08-15");
        var en = await GetOkAsync("/2024-08-15?lang=en");

        // Then the Korean page shows Korean text, links to en, and says which papers fall back to English
        Assert.Contains("<html lang=\"ko\">", ko);
        Assert.Contains("새로운 모델인 <strong>ChemVLM</strong>이 제안되었습니다", ko);
        Assert.Contains("<a hreflang=\"en\" href=\"/2024-08-15?lang=en\">en</a>", ko);
        Assert.Contains("no summary in &#x27;ko&#x27;; shown in &#x27;en&#x27; instead.", ko);
        // And the English page shows the run's summary and links back to ko
        Assert.Contains("<html lang=\"en\">", en);
        Assert.Contains("<a hreflang=\"ko\" href=\"/2024-08-15?lang=ko\">ko</a>", en);
        Assert.DoesNotContain("새로운 모델인", en);
    }

    [Fact]
    public async Task Day_page_shows_verification_flags_of_a_summary()
    {
        // Given the Korean DeepSpeak summary carries a repetition finding
        // When the Korean day page is shown
        var html = await GetOkAsync("/2024-08-15?lang=ko");

        // Then the flag names the kind, the section and the offending text
        var article = Regex.Match(html, "<article class=\"paper\" id=\"paper-2408-05366\">(.*?)</article>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("Verification flags", article);
        Assert.Contains("Error · repetition in What&#x27;s New: <q>34343434시간</q>", article);
    }

    [Fact]
    public async Task Day_pages_link_to_the_previous_and_next_stored_day_and_root_shows_the_newest()
    {
        // Given two stored days, 2024-08-15 and 2024-08-16
        // When both day pages and the root are requested
        var first = await GetOkAsync("/2024-08-15?lang=en");
        var second = await GetOkAsync("/2024-08-16");
        var root = await GetOkAsync("/");

        // Then each links to the other and the root is the newest day
        Assert.Contains("<a rel=\"next\" href=\"/2024-08-16?lang=en\">2024-08-16 →</a>", first);
        Assert.DoesNotContain("rel=\"prev\"", first);
        Assert.Contains("<a rel=\"prev\" href=\"/2024-08-15\">← 2024-08-15</a>", second);
        Assert.Contains("<h1>Daily Papers <span class=\"date\">(2024-08-16)</span></h1>", root);
    }

    [Theory]
    [InlineData("/2024-08-14", "No papers are stored for 2024-08-14.")]
    [InlineData("/2024-02-30", "is not a calendar date")]
    [InlineData("/2024-08-15?lang=fr", "has no summaries in &#x27;fr&#x27;. Available: ko, en.")]
    [InlineData("/papers/not-an-id", "is not an arXiv id")]
    [InlineData("/papers/2401.00001", "arXiv 2401.00001 is not in the store.")]
    [InlineData("/for/nobody", "No profile &#x27;nobody&#x27; is configured.")]
    [InlineData("/for/me?date=2023-02-30", "&#x27;2023-02-30&#x27; is not a calendar date")]
    [InlineData("/for/me?date=2020-01-01", "No papers are stored for 2020-01-01.")]
    public async Task Missing_or_bad_pages_answer_404_with_a_readable_message(string url, string message)
    {
        // When a page that does not exist is requested
        var response = await _client.GetAsync(url);

        // Then it is a 404 page that says why
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Paper_page_shows_every_summary_by_language_the_abstract_links_and_days()
    {
        // Given ChemVLM has an English and a Korean summary and appeared on 2024-08-15
        var paper = (await factory.Sample.Store.GetPaperAsync("2408.07246", CancellationToken.None))!;

        // When its page is requested
        var html = await GetOkAsync("/papers/2408.07246");

        // Then both summaries, the abstract, the arXiv/PDF/code links and the day are there
        Assert.Contains("<h2>Summary (ko)</h2>", html);
        Assert.Contains("<h2>Summary (en)</h2>", html);
        Assert.True(html.IndexOf("Summary (ko)", StringComparison.Ordinal) < html.IndexOf("Summary (en)", StringComparison.Ordinal), "the configured language comes first");
        Assert.Contains(WebUtility.HtmlEncode(Papers.TextFolding.Fold(paper.Abstract)), html);
        Assert.Contains("<a href=\"https://arxiv.org/abs/2408.07246\">arXiv</a>", html);
        Assert.Contains("<a href=\"https://arxiv.org/pdf/2408.07246\">PDF</a>", html);
        Assert.Contains("<a href=\"/2024-08-15#paper-2408-07246\">2024-08-15</a>", html);
    }

    [Fact]
    public async Task Archive_is_a_calendar_linking_every_stored_day()
    {
        // When the archive is requested
        var html = await GetOkAsync("/archive");

        // Then August 2024 is a calendar whose 15th and 16th link to their days and whose 14th does not
        Assert.Contains("<h2 id=\"month-2024-08\">August 2024</h2>", html);
        Assert.Contains("<th scope=\"col\"><abbr title=\"Monday\">Mon</abbr></th>", html);
        Assert.Contains("<td class=\"has\"><a href=\"/2024-08-15\" aria-label=\"2024-08-15\">15</a></td>", html);
        Assert.Contains("<td class=\"has\"><a href=\"/2024-08-16\" aria-label=\"2024-08-16\">16</a></td>", html);
        Assert.Contains("<td>14</td>", html);
    }

    [Theory]
    [InlineData("/2024-08-15")]
    [InlineData("/papers/2408.07246")]
    [InlineData("/archive")]
    [InlineData("/search?q=Gaussian")]
    public async Task Every_page_advertises_both_feeds_and_sends_a_content_security_policy(string url)
    {
        // When a page is requested
        var response = await _client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();

        // Then its head links the Atom and JSON feeds and the response forbids scripts
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        Assert.Matches("<link rel=\"alternate\" type=\"application/atom&#x2B;xml\" title=\"[^\"]+\" href=\"/feed.atom[^\"]*\" />", head);
        Assert.Matches("<link rel=\"alternate\" type=\"application/feed&#x2B;json\" title=\"[^\"]+\" href=\"/feed.json[^\"]*\" />", head);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("/2024-08-15")]
    [InlineData("/feed.atom")]
    public async Task Head_answers_like_get_without_a_body(string url)
    {
        // When the same resource is asked for with GET and with HEAD
        var get = await _client.GetAsync(url);
        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        // Then HEAD has GET's status, type, length and ETag, and no body
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(get.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }
}
