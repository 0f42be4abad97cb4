using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using DailyPapers.Web.Tests.Validators;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace DailyPapers.Web.Tests.Browser;

public sealed class BrowserTests(BrowserFixture site, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    // Other jobs share the 2 cores: a navigation may take far longer than Playwright's 5 s default for expectations.
    private const float SlowMachine = 60_000;

    [Fact]
    public async Task Day_page_renders_as_the_reference_reads_and_is_saved_as_a_screenshot()
    {
        // Given the sample day served on a loopback port
        var (page, dialogs) = await site.NewPageAsync();

        // When Chromium opens /2024-08-15
        var response = await page.GotoAsync(site.BaseUrl + "/2024-08-15");

        // Then the heading, the papers in order and the Korean summary are visible, and a screenshot is kept
        Assert.Equal(200, response!.Status);
        Assert.Equal("Daily Papers (2024-08-15)", await page.Locator("h1").InnerTextAsync());
        var titles = await page.Locator("article.paper h2 a").AllInnerTextsAsync();
        Assert.Equal(8, titles.Count);
        Assert.Equal("Seeing and Understanding: Bridging Vision with Chemical Knowledge Via ChemVLM", titles[0]);
        Assert.Contains("화학 분야에서", await page.Locator("article.paper").First.Locator("ul.sections").InnerTextAsync());
        var desktop = Path.Combine(BrowserFixture.ArtifactFolder, "day-2024-08-15.png");
        await page.ScreenshotAsync(new() { Path = desktop, FullPage = true });
        var (phone, _) = await site.NewPageAsync(390, 844);
        await phone.GotoAsync(site.BaseUrl + "/2024-08-15");
        var phonePath = Path.Combine(BrowserFixture.ArtifactFolder, "day-2024-08-15-phone.png");
        await phone.ScreenshotAsync(new() { Path = phonePath });
        output.WriteLine($"screenshots: {desktop} {phonePath}");
        Assert.True(new FileInfo(desktop).Length > 10_000, "the screenshot is not empty");
        // On a phone nothing overflows sideways
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Following_a_paper_opens_its_page_with_summaries_and_days()
    {
        // Given the day page
        var (page, _) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseUrl + "/2024-08-15");

        // When the first paper's page link is followed
        await page.Locator("article.paper").First.GetByRole(AriaRole.Link, new() { Name = "Paper page" }).ClickAsync();

        // Then the paper page shows its title, both summaries and the day it appeared
        Assert.EndsWith("/papers/2408.07246", page.Url);
        Assert.Contains("ChemVLM", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(["Summary (ko)", "Summary (en)", "Abstract", "Featured on", "Similar papers"], await page.Locator("h2").AllInnerTextsAsync());
        Assert.Equal("2024-08-15", await page.Locator("section", new() { HasText = "Featured on" }).Locator("li a").InnerTextAsync());
    }

    [Fact]
    public async Task Searching_Gaussian_from_the_header_finds_the_Gaussian_editing_paper()
    {
        // Given any page
        var (page, _) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseUrl + "/archive");

        // When "Gaussian" is typed into the header search and submitted
        await page.Locator("header form.search input[name=q]").FillAsync("Gaussian");
        await page.Locator("header form.search button").ClickAsync();

        // Then the result lists the paper with the term highlighted (each expectation waits for its condition, as long as
        // a loaded machine needs, rather than for a fixed time or a load event)
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=Gaussian$"), new() { Timeout = SlowMachine });
        await Assertions.Expect(page.Locator("article.hit h2").First).ToHaveTextAsync("3D Gaussian Editing with A Single Image", new() { Timeout = SlowMachine });
        await Assertions.Expect(page.Locator("article.hit mark").First).ToHaveTextAsync("Gaussian", new() { Timeout = SlowMachine });
    }

    [Fact]
    public async Task Switching_language_shows_the_other_language_summaries()
    {
        // Given the day page in the preferred language (ko)
        var (page, _) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseUrl + "/2024-08-15");
        Assert.Equal("ko", await page.Locator("html").GetAttributeAsync("lang"));

        // When the "en" switch is clicked
        await page.Locator("p.langs").GetByRole(AriaRole.Link, new() { Name = "en" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en", new() { Timeout = SlowMachine });

        // Then the page is English and the first paper shows the English summary
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("en", await page.Locator("article.paper ul.sections").First.GetAttributeAsync("lang"));
        Assert.DoesNotContain("화학", await page.Locator("article.paper").First.InnerTextAsync());
        Assert.Equal("ko", await page.Locator("p.langs a").InnerTextAsync());
    }

    [Fact]
    public async Task Subscribe_link_leads_to_an_atom_feed_of_the_shown_language()
    {
        // Given the English day page
        var (page, _) = await site.NewPageAsync();
        await page.GotoAsync(site.BaseUrl + "/2024-08-15?lang=en");

        // When the subscribe link (and the head's feed link) are read and the feed fetched
        var href = await page.Locator("footer a.subscribe").GetAttributeAsync("href");
        var advertised = await page.Locator("head link[rel=alternate][type='application/atom+xml']").GetAttributeAsync("href");
        var feedResponse = await page.Context.APIRequest.GetAsync(site.BaseUrl + href);

        // Then both point at the English Atom feed, which the syndication reader loads
        Assert.Equal("/feed.atom?lang=en", href);
        Assert.Equal(href, advertised);
        Assert.StartsWith("application/atom+xml", feedResponse.Headers["content-type"]);
        var feed = SyndicationFeed.Load(XmlReader.Create(new MemoryStream(await feedResponse.BodyAsync())));
        Assert.Equal("en", feed.Language);
        Assert.Equal(10, feed.Items.Count());
    }

    [Fact]
    public async Task A_paper_titled_as_an_img_tag_shows_as_text_and_runs_nothing()
    {
        // Given a day whose paper is titled <img src=x onerror=alert(1)> and whose summary holds script
        var (page, dialogs) = await site.NewPageAsync();

        // When Chromium opens that day and the paper's page
        await page.GotoAsync(site.BaseUrl + "/2024-08-16");
        var title = await page.Locator("article.paper h2").First.InnerTextAsync();
        var injected = await page.EvaluateAsync<int>("() => document.querySelectorAll('main img[src=\"x\"], main img[onerror], script').length");
        await page.GotoAsync(site.BaseUrl + "/papers/" + SampleStore.HostileId);
        var paperTitle = await page.Locator("h1").InnerTextAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle); // every subresource settled: an injected handler would have run

        // Then the title reads as the literal text, no element was injected and no script ran
        Assert.Equal(SampleStore.HostileTitle, title);
        Assert.Equal(SampleStore.HostileTitle, paperTitle);
        Assert.Equal(0, injected);
        Assert.Empty(dialogs);
    }

    [Theory]
    [InlineData("/2024-08-15")]
    [InlineData("/2024-08-15?lang=en")]
    [InlineData("/papers/2408.07246")]
    [InlineData("/papers/2408.99999")]
    [InlineData("/archive")]
    [InlineData("/search?q=Gaussian")]
    [InlineData("/search?q=Gaussian&mode=hybrid")]
    [InlineData("/for/me?date=2024-08-15")]
    public async Task Page_has_no_axe_core_violations_of_any_impact(string url)
    {
        // Given the page in Chromium, with axe-core (tools/validators) injected past the site's no-script policy
        var (page, _) = await site.NewPageAsync(bypassCsp: true);
        var response = await page.GotoAsync(site.BaseUrl + url);
        Assert.Equal(200, response!.Status);
        await page.AddScriptTagAsync(new() { Path = NodeValidators.AxeScript });

        // When axe checks the whole document
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document, { resultTypes: ['violations'] })).violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }))");

        // Then there is none, whatever its impact
        Assert.True(violations.GetArrayLength() == 0, $"axe-core violations on {url}:\n{JsonSerializer.Serialize(violations, new JsonSerializerOptions { WriteIndented = true })}");
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task Day_heading_date_and_archive_weekday_headers_never_break_inside(int width, int height)
    {
        // Given a desktop and a phone viewport
        var (page, _) = await site.NewPageAsync(width, height);

        // When the day page and the archive are laid out
        await page.GotoAsync(site.BaseUrl + "/2024-08-15");
        var dateLines = await page.EvaluateAsync<int>("() => LineCount(document.querySelector('h1 .date'))".Replace("LineCount", LineCountScript));
        await page.GotoAsync(site.BaseUrl + "/archive");
        var headerLines = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('table.calendar th')].map(LineCount)".Replace("LineCount", LineCountScript));
        var sideways = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");

        // Then the date in the heading sits on one line, each weekday header on one line, and nothing scrolls sideways
        Assert.Equal(1, dateLines);
        Assert.All(headerLines, lines => Assert.Equal(1, lines));
        Assert.False(sideways, $"the archive scrolls sideways at {width} px");
    }

    // The number of line boxes an element's text occupies: one client rect per line of a text range.
    private const string LineCountScript =
        "(el => { const r = document.createRange(); r.selectNodeContents(el); return new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))).size; })";
}
