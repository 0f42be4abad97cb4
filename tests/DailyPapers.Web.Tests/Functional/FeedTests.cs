using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace DailyPapers.Web.Tests.Functional;

public sealed class FeedTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Atom_feed_reads_back_with_System_ServiceModel_Syndication_newest_day_first()
    {
        // When the Atom feed is requested
        var response = await _client.GetAsync("/feed.atom");
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());

        // Then it is Atom that the syndication reader loads, with every paper of the stored days, newest day first
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = SyndicationFeed.Load(reader);
        Assert.Equal(2 + 8, feed.Items.Count());
        var first = feed.Items.First();
        Assert.Equal(SampleStore.HostileTitle, first.Title.Text);
        Assert.Equal("2024-08-16", first.Categories.Single().Name);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.AbsolutePath == "/feed.atom");
        var chem = feed.Items.Single(i => i.Id.EndsWith(":2408.07246:ko", StringComparison.Ordinal));
        Assert.Equal("http://localhost/papers/2408.07246", chem.Links.Single(l => l.RelationshipType == "alternate").Uri.ToString());
        Assert.Equal("https://arxiv.org/abs/2408.07246", chem.Links.Single(l => l.RelationshipType == "related").Uri.ToString());
        var content = ((TextSyndicationContent)chem.Content).Text;
        Assert.Contains("새로운 모델인 <strong>ChemVLM</strong>이", content);
        Assert.True(feed.Items.Select(i => i.LastUpdatedTime).SequenceEqual(feed.Items.Select(i => i.LastUpdatedTime).OrderDescending()));
    }

    [Fact]
    public async Task Atom_feed_per_language_carries_that_language()
    {
        // When the English feed is requested
        var feed = SyndicationFeed.Load(XmlReader.Create(await _client.GetStreamAsync("/feed.atom?lang=en")));

        // Then its language is en and ChemVLM carries the English summary
        Assert.Equal("en", feed.Language);
        var chem = feed.Items.Single(i => i.Id.EndsWith(":2408.07246:en", StringComparison.Ordinal));
        Assert.DoesNotContain("새로운", ((TextSyndicationContent)chem.Content).Text);
    }

    [Fact]
    public async Task Hostile_title_stays_text_in_the_atom_feed()
    {
        // When the feed is read back
        var feed = SyndicationFeed.Load(XmlReader.Create(await _client.GetStreamAsync("/feed.atom")));
        var hostile = feed.Items.First();

        // Then the title is the literal text and the HTML content has it encoded, with no live markup from the paper
        Assert.Equal("text", hostile.Title.Type);
        Assert.Equal(SampleStore.HostileTitle, hostile.Title.Text);
        var html = ((TextSyndicationContent)hostile.Content).Text;
        Assert.Contains("&lt;script&gt;alert(4)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotMatch(new Regex("(href|src)=\"\\s*javascript:", RegexOptions.IgnoreCase), html);
        Assert.Contains("&lt;javascript:alert(7)&gt;", html); // an autolink with a script scheme stays text
    }

    [Theory]
    [InlineData("/feed.atom")]
    [InlineData("/feed.json")]
    [InlineData("/2024-08-16")]
    [InlineData("/papers/2408.99999")]
    public async Task NUL_and_bidirectional_controls_of_the_hostile_paper_never_reach_a_feed_or_page(string url)
    {
        // The hostile paper's authors, abstract and summary carry U+0000, U+202E, U+202C, U+2066 and U+2069
        var body = await _client.GetStringAsync(url);

        // Then neither the characters nor an escaped form of them is published, and the text around them is
        Assert.DoesNotMatch(new Regex("[\\u0000\\u202A-\\u202E\\u2066-\\u2069]"), body);
        Assert.DoesNotMatch(new Regex("&#(x0*(0|202[A-Ea-e]|206[6-9])|0*(0|82(3[4-8])|8294|8295|8296|8297));|\\\\u(0000|202[A-Ea-e]|206[6-9])", RegexOptions.IgnoreCase), body);
        Assert.Contains("Plain", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_feed_is_version_1_1_with_items_of_the_latest_days()
    {
        // When the JSON feed is requested in Korean
        var response = await _client.GetAsync("/feed.json?lang=ko");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement;

        // Then it follows JSON Feed 1.1: version, title, feed_url, items with id, url, content_html, date_published, authors
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/feed+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("https://jsonfeed.org/version/1.1", root.GetProperty("version").GetString());
        Assert.Equal("http://localhost/feed.json?lang=ko", root.GetProperty("feed_url").GetString());
        Assert.Equal("ko", root.GetProperty("language").GetString());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(10, items.Count);
        var chem = items.Single(i => i.GetProperty("external_url").GetString() == "https://arxiv.org/abs/2408.07246");
        Assert.Equal("http://localhost/papers/2408.07246", chem.GetProperty("url").GetString());
        Assert.Contains("ChemVLM", chem.GetProperty("content_html").GetString());
        Assert.Equal("ko", chem.GetProperty("language").GetString());
        Assert.True(chem.GetProperty("authors").GetArrayLength() > 5);
        Assert.True(DateTimeOffset.TryParse(chem.GetProperty("date_published").GetString(), out _));
    }

    [Fact]
    public async Task A_feed_in_a_language_no_day_has_is_a_404_that_names_the_available_ones()
    {
        var atom = await _client.GetAsync("/feed.atom?lang=fr");
        var json = await _client.GetAsync("/feed.json?lang=%3Cscript%3E");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, atom.StatusCode);
        Assert.Equal("text/plain", atom.Content.Headers.ContentType!.MediaType);
        var text = await atom.Content.ReadAsStringAsync();
        Assert.StartsWith("The latest days have no summaries in 'fr'. Available: ", text, StringComparison.Ordinal);
        var available = text.TrimEnd()["The latest days have no summaries in 'fr'. Available: ".Length..].TrimEnd('.').Split(", ");
        Assert.Equal(["en", "ko"], available.Order(StringComparer.Ordinal));
        // The echoed value is plain text that browsers may not sniff into HTML
        Assert.Equal(System.Net.HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal("text/plain", json.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", json.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Spellings_of_one_language_get_the_same_feed()
    {
        var lower = await _client.GetStringAsync("/feed.json?lang=ko");
        var upper = await _client.GetStringAsync("/feed.json?lang=%20KO");

        Assert.Equal(lower, upper);
    }
}
