using System.Net;
using System.Net.Http.Json;
using DailyPapers.Papers;
using DailyPapers.Web.Apis;

namespace DailyPapers.Web.Tests.Functional;

/// <summary>A bioRxiv paper known by its DOI (which holds a '/') on the day page, its own page and in the API.</summary>
public sealed class DoiPaperTests(WebFactory factory) : IClassFixture<WebFactory>
{
    private const string Doi = "10.1101/2021.01.08.425967";

    private async Task StoreDayAsync()
    {
        var entry = new DailyEntry
        {
            Date = new DateOnly(2026, 5, 19), Origin = "bioRxiv bioinformatics",
            Paper = new Paper
            {
                ArxivId = Doi, Version = 1, Authors = ["Camacho-Hernandez, D. A."],
                Title = "Partition Quantitative Assessment (PQA): A quantitative methodology to assess the embedded noise in clustered omics and systems biology data",
                Abstract = "Here, we present a quantitative methodology, based on autocorrelation, to assess this problem.",
            },
        };
        await factory.Sample.Store.SaveDayAsync(new DayFeed(entry.Date, [entry], []), CancellationToken.None);
    }

    [Fact]
    public async Task A_doi_paper_has_its_page_at_the_doi_path_linking_the_doi_and_no_arxiv_pdf()
    {
        await StoreDayAsync();
        var client = factory.CreateClient();

        var page = await client.GetAsync("/papers/" + Doi);
        var html = await page.Content.ReadAsStringAsync();
        var day = await client.GetStringAsync("/2026-05-19");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Partition Quantitative Assessment (PQA)", html, StringComparison.Ordinal);
        Assert.Contains($"DOI {Doi} · <a href=\"https://doi.org/{Doi}\">DOI</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("arxiv.org", html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/papers/{Doi}\">Paper page</a></p>", day, StringComparison.Ordinal);
        Assert.Contains("Listed: bioRxiv bioinformatics", day, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_gives_a_doi_paper_by_its_doi_in_any_case_and_names_an_unknown_one()
    {
        await StoreDayAsync();
        var client = factory.CreateClient();

        var paper = await client.GetFromJsonAsync<PaperResponse>("/api/papers/10.1101/2021.01.08.425967");
        var upper = await client.GetAsync("/api/papers/10.1101/2021.01.08.425967".ToUpperInvariant().Replace("/API/PAPERS/", "/api/papers/", StringComparison.Ordinal));
        var missing = await client.GetAsync("/api/papers/10.1101/2099.01.01.000001");

        Assert.Equal(Doi, paper?.ArxivId);
        Assert.Equal($"https://doi.org/{Doi}", paper?.ArxivUrl);
        Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("DOI 10.1101/2099.01.01.000001 is not in the store", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
