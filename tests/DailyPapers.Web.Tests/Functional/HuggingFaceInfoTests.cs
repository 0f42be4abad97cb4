using System.Net;
using System.Net.Http.Json;
using DailyPapers.Papers;
using DailyPapers.Web.Apis;

namespace DailyPapers.Web.Tests.Functional;

/// <summary>
/// What Hugging Face says about a paper (2025-2026 fields) and where a day's entry was listed, on the paper page and in
/// the JSON API. The values are hand-written test data shaped like the captures, with markup and script URLs in them.
/// </summary>
public sealed class HuggingFaceInfoTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private static readonly DateOnly Date = new(2025, 11, 3);

    private async Task StoreDayAsync()
    {
        DailyEntry Entry(string id, int order, string? origin, string? type, HuggingFacePaperInfo? info) => new()
        {
            Date = Date, FeedOrder = order, Upvotes = 10 - order, Origin = origin, AnnounceType = type,
            Paper = new Paper { ArxivId = id, Title = $"Paper {id}", Authors = ["A. Author"], Abstract = "We propose X. It works well.", HuggingFace = info },
        };
        var hostile = new HuggingFacePaperInfo
        {
            AiSummary = "<script>alert(8)</script> A framework that detects unsafe operations.",
            AiKeywords = ["Formal Verifier", "<i>Contextual</i> Judge"],
            GithubRepo = "https://github.com/OS-Copilot/OS-Sentinel\"onmouseover=\"alert(9)",
            GithubStars = 1234,
            ProjectPage = "javascript:alert(10)",
            Organization = new HuggingFaceOrganization("hkunlp", "NLP <b>Group</b>"),
        };
        var entries = new[]
        {
            Entry("2510.24411", 0, "Hugging Face, arXiv cs.AI", "new", hostile),
            Entry("2510.27492", 1, "arXiv cs.CV", "cross", new HuggingFacePaperInfo { ProjectPage = "https://thinkmorph.github.io/" }),
            Entry("2510.25602", 2, null, null, null),
        };
        await factory.Sample.Store.SaveDayAsync(new DayFeed(Date, entries, []), CancellationToken.None);
    }

    [Fact]
    public async Task The_paper_page_shows_the_hugging_face_fields_encoded_and_links_only_http()
    {
        await StoreDayAsync();

        var response = await factory.CreateClient().GetAsync("/papers/2510.24411");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h2>On Hugging Face</h2>", html, StringComparison.Ordinal);
        Assert.Contains("Organization: NLP &lt;b&gt;Group&lt;/b&gt; (hkunlp)", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(8)&lt;/script&gt; A framework that detects unsafe operations.", html, StringComparison.Ordinal);
        Assert.Contains("Keywords: Formal Verifier, &lt;i&gt;Contextual&lt;/i&gt; Judge", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://github.com/OS-Copilot/OS-Sentinel%22onmouseover=%22alert(9)\"", html, StringComparison.Ordinal);
        Assert.Contains(" · 1,234 stars", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(8)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Group</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Project page:", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paper_hugging_face_says_nothing_about_has_no_such_section()
    {
        await StoreDayAsync();

        var html = await factory.CreateClient().GetStringAsync("/papers/2510.25602");

        Assert.DoesNotContain("On Hugging Face", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_gives_each_entry_where_it_was_listed_and_what_hugging_face_says()
    {
        await StoreDayAsync();
        var client = factory.CreateClient();

        var day = await client.GetFromJsonAsync<DayResponse>("/api/days/2025-11-03");
        var paper = await client.GetFromJsonAsync<PaperResponse>("/api/papers/2510.24411");

        // Then the origins are as stored (none for a plain entry), with the cross-list marked
        Assert.NotNull(day);
        Assert.Equal([("Hugging Face, arXiv cs.AI", "new", false), ("arXiv cs.CV", "cross", true)],
            day.Papers.Where(p => p.Listed is not null).Select(p => (p.Listed!.Origin, p.Listed.AnnounceType, p.Listed.CrossList)));
        Assert.Equal("arXiv cs.CV (cross-list)", day.Papers.Single(p => p.ArxivId == "2510.27492").Listed?.Text);
        Assert.Null(day.Papers.Single(p => p.ArxivId == "2510.25602").Listed);
        Assert.Null(day.Papers.Single(p => p.ArxivId == "2510.25602").HuggingFace);
        Assert.Equal("https://thinkmorph.github.io/", day.Papers.Single(p => p.ArxivId == "2510.27492").HuggingFace?.ProjectPage);

        // And the paper's fields are data (clients encode them), with a script URL left out
        var info = paper?.HuggingFace;
        Assert.NotNull(info);
        Assert.Equal("<script>alert(8)</script> A framework that detects unsafe operations.", info.AiSummary);
        Assert.Equal(["Formal Verifier", "<i>Contextual</i> Judge"], info.AiKeywords);
        Assert.Equal(1234, info.GithubStars);
        Assert.Null(info.ProjectPage);
        Assert.Equal(new HuggingFaceOrganization("hkunlp", "NLP <b>Group</b>"), info.Organization);
    }
}
