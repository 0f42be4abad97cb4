using System.Net;
using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using DailyPapers.Rank;
using DailyPapers.Storage;
using DailyPapers.Web.Apis;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Functional;

/// <summary>The semantic layer on the site: /for/NAME and its feeds, similar papers, and search modes (the real MiniLM encoder).</summary>
public sealed class SemanticTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private const string DeepSpeak = "2408.05366";
    private const string Aquila = "2408.07410";
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<List<string>> RankedBySiteAsync(DateOnly date)
    {
        var ranker = factory.Services.GetRequiredService<ProfileRanker>();
        var profile = await ranker.LoadAsync(SharedEncoder.ProfileName, CancellationToken.None);
        var day = await factory.Sample.Store.GetDayAsync(date, CancellationToken.None);
        var ranking = await ranker.RankAsync(profile, [.. day!.Entries.Select(e => e.Paper)], CancellationToken.None);
        return [.. ranking.Papers.Select(p => p.Paper.ArxivId)];
    }

    [Fact]
    public async Task The_profile_page_lists_a_day_in_the_profile_order_with_each_reason()
    {
        // When the profile's page for the sample day is read
        var response = await _client.GetAsync("/for/me?date=2024-08-15");
        var html = await response.Content.ReadAsStringAsync();

        // Then every paper of the day is there in the ranker's order, each with its reasons
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = await RankedBySiteAsync(SampleStore.Day);
        Assert.Equal(8, expected.Count);
        var positions = expected.Select(id => html.IndexOf($"<a href=\"/papers/{id}\">", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(8, CountOf(html, "<p class=\"why\">Why: "));
        Assert.Contains("keyword: deepfake", Article(html, DeepSpeak));
        // The excluded paper is last, saying why; the library title (markup) is shown as text, never as markup
        Assert.Equal(Aquila, expected[^1]);
        Assert.Contains("excluded keyword: Aquila2", Article(html, Aquila));
        Assert.Contains("close to: ", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("2 library items (1 library entries could not be used)", html);
    }

    [Fact]
    public async Task The_profile_page_without_a_date_ranks_the_newest_day_and_encodes_its_markup_title()
    {
        var html = await _client.GetStringAsync("/for/ME");

        Assert.Contains("<h1>For me <span class=\"date\">(2024-08-16)</span></h1>", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("href=\"/for/me.atom", html); // the profile's feeds are advertised
    }

    [Fact]
    public async Task The_profile_atom_and_json_feeds_list_the_newest_day_in_rank_order_each_entry_led_by_its_reason()
    {
        // When both feeds of the profile are read
        var atom = SyndicationFeed.Load(XmlReader.Create(await _client.GetStreamAsync("/for/me.atom")));
        using var json = JsonDocument.Parse(await _client.GetStringAsync("/for/me.json"));

        // Then each holds the newest day's paper, titled for the profile, its summary starting with why
        var expected = await RankedBySiteAsync(SampleStore.HostileDay);
        Assert.Equal("DailyPapers for me", atom.Title.Text);
        Assert.Equal(expected, atom.Items.Select(i => i.Links[0].Uri.AbsolutePath["/papers/".Length..]));
        Assert.All(atom.Items, i => Assert.StartsWith("Why: ", i.Summary.Text, StringComparison.Ordinal));
        Assert.All(atom.Items, i => Assert.EndsWith(":for:me", i.Id, StringComparison.Ordinal));
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("DailyPapers for me", json.RootElement.GetProperty("title").GetString());
        Assert.Equal(expected, items.Select(i => i.GetProperty("url").GetString()!.Split("/papers/")[1]));
        Assert.All(items, i => Assert.StartsWith("<p>Why: ", i.GetProperty("content_html").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_profile_feed_is_a_404_problem_naming_it()
    {
        var response = await _client.GetAsync("/for/nobody.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no profile 'nobody' is configured", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Similar_papers_come_best_first_without_the_paper_itself_in_the_api_and_on_the_paper_page()
    {
        // When the papers similar to ChemVLM are asked for, by the API and on its page
        var similar = await _client.GetFromJsonAsync<SimilarPapersResponse>("/api/papers/2408.07246/similar?count=3");
        var html = await _client.GetStringAsync("/papers/2408.07246");

        // Then three other stored papers come, closest first, and the page lists the same ones
        Assert.Equal(MiniLmEncoder.ModelName, similar!.Model);
        Assert.Equal(3, similar.Papers.Count);
        Assert.DoesNotContain(similar.Papers, p => p.ArxivId == "2408.07246");
        Assert.Equal(similar.Papers.Select(p => p.Similarity).OrderDescending(), similar.Papers.Select(p => p.Similarity));
        Assert.All(similar.Papers, p => Assert.InRange(p.Similarity, -1, 1));
        Assert.Contains("<h2>Similar papers</h2>", html);
        var section = html[html.IndexOf("<h2>Similar papers</h2>", StringComparison.Ordinal)..];
        var onPage = similar.Papers.Select(p => section.IndexOf($"<a href=\"/papers/{p.ArxivId}\">", StringComparison.Ordinal)).ToList();
        Assert.All(onPage, p => Assert.True(p > 0));
        Assert.Equal(onPage.Order(), onPage);
    }

    [Theory]
    [InlineData("/api/papers/2408.07246/similar?count=0", 400, "count 0 is out of range: 1 to 50")]
    [InlineData("/api/papers/2408.07246/similar?count=51", 400, "count 51 is out of range: 1 to 50")]
    [InlineData("/api/papers/not-an-id/similar", 400, "'not-an-id' is not an arXiv id")]
    [InlineData("/api/papers/2401.00001/similar", 404, "arXiv 2401.00001 is not in the store")]
    [InlineData("/api/search?q=video&mode=fuzzy", 400, "mode 'fuzzy' is not a search mode; allowed: keyword, semantic, hybrid")]
    public async Task Bad_similar_and_search_requests_are_problems_naming_the_input(string url, int status, string detail)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(detail, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Semantic_search_finds_a_paper_by_meaning_and_hybrid_keeps_the_keyword_match_first()
    {
        // When a description with none of the title's words is searched by meaning, and a title word in hybrid mode
        var semantic = await _client.GetFromJsonAsync<SearchPage>("/api/search?mode=semantic&q=" + Uri.EscapeDataString("videos of faces faked by face swapping and lip syncing"));
        var hybrid = await _client.GetFromJsonAsync<SearchPage>("/api/search?mode=hybrid&q=Gaussian");
        var keyword = await _client.GetFromJsonAsync<SearchPage>("/api/search?q=Gaussian");

        // Then the deepfake dataset comes first by meaning (with its abstract's opening and its day), and hybrid ranks
        // the title match first while adding papers the keyword search alone did not find
        Assert.Equal(DeepSpeak, semantic!.Hits[0].ArxivId);
        Assert.Equal(SampleStore.Day, semantic.Hits[0].LastDay);
        Assert.False(string.IsNullOrWhiteSpace(semantic.Hits[0].Snippet));
        Assert.Equal(semantic.Hits.Select(h => h.Score).Order(), semantic.Hits.Select(h => h.Score));
        Assert.Equal("2408.07540", hybrid!.Hits[0].ArxivId);
        Assert.True(hybrid.Total > keyword!.Total);
        Assert.Equal(hybrid.Hits.Select(h => h.Score).Order(), hybrid.Hits.Select(h => h.Score));
    }

    [Fact]
    public async Task The_search_page_keeps_the_mode_and_names_the_allowed_ones_for_a_bad_mode()
    {
        var hybrid = await _client.GetStringAsync("/search?q=Gaussian&mode=hybrid");
        var bad = await _client.GetAsync("/search?q=Gaussian&mode=fuzzy");

        Assert.Contains("<option value=\"hybrid\" selected>", hybrid);
        Assert.Contains("<a href=\"/papers/2408.07540\">", hybrid);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("allowed: keyword, semantic, hybrid", await bad.Content.ReadAsStringAsync());
    }

    private static int CountOf(string text, string part)
    {
        var n = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) n++;
        return n;
    }

    private static string Article(string html, string arxivId)
    {
        var start = html.IndexOf($"id=\"paper-{arxivId.Replace('.', '-')}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no article for {arxivId}");
        return html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task A_paper_page_is_served_without_similar_papers_when_the_encoder_cannot_run()
    {
        // Given a site of its own (no vector stored yet) whose encoder fails as a model that cannot load would
        using var own = new WebFactory();
        using var broken = own.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ITextEncoder>(new BrokenEncoder())));

        // When a paper page is read
        var response = await broken.CreateClient().GetAsync("/papers/2408.07246");
        var html = await response.Content.ReadAsStringAsync();

        // Then it is the paper page, without the similar papers section
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ChemVLM", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Similar papers", html, StringComparison.Ordinal);
    }

    private sealed class BrokenEncoder : ITextEncoder
    {
        public string Model => "broken";
        public int Dimensions => 384;
        public IReadOnlyList<float[]> Encode(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the ONNX model could not be loaded (test)");
    }
}
