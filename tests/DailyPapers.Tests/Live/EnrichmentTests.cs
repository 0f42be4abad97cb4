using DailyPapers.Collect.HuggingFace;
using DailyPapers.Enrich;
using DailyPapers.Enrich.PaperText;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Live;

public sealed class EnrichmentTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(TestPaths.SharedData);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<Paper> SamplePaperAsync(Microsoft.Extensions.Hosting.IHost host, string id)
    {
        var day = await host.Get<HuggingFaceApiSource>().GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None);
        await host.Get<IPaperStore>().SaveDayAsync(day, CancellationToken.None);
        return day.Entries.Single(e => e.Paper.ArxivId == id).Paper;
    }

    [Fact]
    public async Task Without_an_html_rendering_the_pdf_text_is_stored_with_its_source()
    {
        // Given a paper arXiv has no HTML for, and a PDF made here
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        var paper = await SamplePaperAsync(host, "2408.07116");
        _server.Pdfs["2408.07116"] = PdfMaker.Make(["Subject-Diffusion without test-time tuning.", "Code: https://github.com/example/subject-diffusion"], ["Second page: results table."]);

        // When the full text enricher runs
        var enriched = await host.Get<IEnumerable<IPaperEnricher>>().OfType<FullTextEnricher>().Single().EnrichAsync(paper, CancellationToken.None);

        // Then the PDF text is stored, page by page, with where it came from
        var text = await host.Get<IPaperStore>().GetFullTextAsync("2408.07116", CancellationToken.None);
        Assert.NotNull(text);
        Assert.Equal("pdf", text.Source);
        Assert.Equal($"{_server.BaseUrl}/pdf/2408.07116", text.Url);
        Assert.Equal(["Page 1", "Page 2"], text.Sections.Select(s => s.HeadingPath.Single()));
        Assert.Contains("Subject-Diffusion without test-time tuning.", text.Sections[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, _server.Count("/html/2408.07116"));
        Assert.Same(paper.Links, enriched.Links);
    }

    [Fact]
    public async Task An_html_rendering_is_preferred_and_the_pdf_is_not_fetched()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        var paper = await SamplePaperAsync(host, "2408.07246");
        _server.Html["2408.07246"] = "latexml_angular_momentum_2023.html";

        await host.Get<IEnumerable<IPaperEnricher>>().OfType<FullTextEnricher>().Single().EnrichAsync(paper, CancellationToken.None);

        var text = await host.Get<IPaperStore>().GetFullTextAsync("2408.07246", CancellationToken.None);
        Assert.Equal("html", text!.Source);
        Assert.Contains(text.Sections, s => s.HeadingPath.SequenceEqual(["2 Methods"]));
        Assert.Equal(0, _server.Count("/pdf/"));
    }

    [Theory]
    [InlineData("v2", 0)]
    [InlineData("v1", 1)]
    public async Task Stored_full_text_is_reused_unless_arxiv_has_a_newer_version(string storedVersion, int expectedHtmlRequests)
    {
        // Given full text stored from some version, and the paper now at v2
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        var paper = await SamplePaperAsync(host, "2408.07246") with { Version = 2 };
        _server.Html["2408.07246"] = "latexml_angular_momentum_2023.html";
        await host.Get<IPaperStore>().SaveFullTextAsync(new FullText
        {
            ArxivId = "2408.07246", Source = "html", Url = $"{_server.BaseUrl}/html/2408.07246{storedVersion}", Sections = [new FullTextSection(["Old"], "old text")],
        }, CancellationToken.None);

        // When the full text enricher runs
        await host.Get<IEnumerable<IPaperEnricher>>().OfType<FullTextEnricher>().Single().EnrichAsync(paper, CancellationToken.None);

        // Then it fetches again only for a newer version
        Assert.Equal(expectedHtmlRequests, _server.Count("/html/2408.07246v2"));
        var kept = await host.Get<IPaperStore>().GetFullTextAsync("2408.07246", CancellationToken.None);
        Assert.Equal(expectedHtmlRequests == 0 ? "Old" : "Abstract", kept!.Sections[0].HeadingPath[0]);
    }

    [Fact]
    public async Task A_broken_pdf_is_a_per_paper_failure_with_the_reason()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        var paper = await SamplePaperAsync(host, "2408.07089");
        _server.Pdfs["2408.07089"] = "%PDF-1.4 this is not really a pdf"u8.ToArray();

        var ex = await Assert.ThrowsAsync<EnrichmentException>(() =>
            host.Get<IEnumerable<IPaperEnricher>>().OfType<FullTextEnricher>().Single().EnrichAsync(paper, CancellationToken.None));

        Assert.Contains("not a readable PDF", ex.Message, StringComparison.Ordinal);
        Assert.Null(await host.Get<IPaperStore>().GetFullTextAsync("2408.07089", CancellationToken.None));
    }

    [Fact]
    public async Task Links_from_abstract_comments_and_full_text_are_normalized_and_deduplicated()
    {
        // Given a paper whose abstract, arXiv comment and stored full text mention overlapping links
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        var store = host.Get<IPaperStore>();
        var paper = new Paper
        {
            ArxivId = "2408.00001",
            Title = "T",
            Abstract = "Code is at https://github.com/Org/Repo.git. Weights: https://huggingface.co/org/model-7b.",
            Links = [new PaperLink("https://github.com/Org/Repo", LinkKind.Code, "huggingface")],
            Arxiv = new ArxivMetadata { Comments = "Project page: https://org.github.io/proj/ ; data www.github.com/Org/Repo" },
        };
        await store.SaveFullTextAsync(new FullText
        {
            ArxivId = "2408.00001", Source = "html", Url = "u",
            Sections = [new FullTextSection(["1 Intro"], "We release https://huggingface.co/datasets/org/bench and cite https://doi.org/10.1/x and https://arxiv.org/abs/2401.00001.")],
        }, CancellationToken.None);

        // When the links enricher runs
        var enriched = await new LinksEnricher(store).EnrichAsync(paper, CancellationToken.None);

        // Then each resource appears once, normalized, the first source kept; DOI and arXiv self-links are left out
        Assert.Equal(
        [
            ("https://github.com/Org/Repo", LinkKind.Code, "huggingface"),
            ("https://huggingface.co/org/model-7b", LinkKind.Model, "abstract"),
            ("https://org.github.io/proj", LinkKind.Project, "arxiv comments"),
            ("https://huggingface.co/datasets/org/bench", LinkKind.Dataset, "full text"),
        ], enriched.Links.Select(l => (l.Url, l.Kind, l.Source)));

        // And run again on its own result it finds nothing new and returns that very record, so the day is not saved again
        Assert.Same(enriched, await new LinksEnricher(store).EnrichAsync(enriched, CancellationToken.None));
    }
}
