using DailyPapers.Collect;
using DailyPapers.Collect.HuggingFace;
using DailyPapers.Pipeline;
using DailyPapers.Publish.Markdown;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Collect.ArxivListings;

public sealed class MixedDayTests : IAsyncLifetime
{
    private static readonly DateOnly Wednesday = new(2025, 4, 30);
    private ListingServer _server = null!;

    public async Task InitializeAsync() => _server = await ListingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // The real Hugging Face capture of 2025-05-01 lists papers of arXiv's 2025-04-30 announcement; it is served here
    // as that day's trending list so the two sources share papers (6 of its 10).
    private static HuggingFaceFileSource Trending()
    {
        var folder = TestPaths.NewTempFolder();
        File.Copy(Path.Combine(TestPaths.SharedData, "hf_daily_papers", "raw_later_samples", "2025-05-01.json"), Path.Combine(folder, "2025-04-30.json"));
        return new HuggingFaceFileSource(folder);
    }

    private CombinedDaySource Combined(Microsoft.Extensions.Hosting.IHost host, IDaySource trending) =>
        new([new LabelledSource(trending, "Hugging Face"), new LabelledSource(ListingHost.Source(host, ListingHost.MondayNoon), "arXiv")]);

    [Fact]
    public async Task A_mixed_day_keeps_each_paper_once_with_every_place_it_came_from()
    {
        using var host = ListingHost.Create(_server, "cs.CL,cs.CV");
        var trending = await Trending().GetDayAsync(Wednesday, CancellationToken.None);
        var listing = await ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(Wednesday, CancellationToken.None);

        var day = await Combined(host, Trending()).GetDayAsync(Wednesday, CancellationToken.None);

        var shared = trending.Entries.Select(e => e.Paper.ArxivId).Intersect(listing.Entries.Select(e => e.Paper.ArxivId)).ToList();
        Assert.Equal(6, shared.Count);
        Assert.Equal(trending.Entries.Count + listing.Entries.Count - shared.Count, day.Entries.Count);
        Assert.Equal(day.Entries.Count, day.Entries.Select(e => e.Paper.ArxivId).Distinct().Count());
        // Trending first with its votes; a shared paper says both sources, a listing-only one its category
        Assert.Equal(trending.Entries.OrderBy(e => e.FeedOrder).Select(e => (e.Paper.ArxivId, e.Upvotes)), day.Entries.Take(trending.Entries.Count).Select(e => (e.Paper.ArxivId, e.Upvotes)));
        var byId = day.Entries.ToDictionary(e => e.Paper.ArxivId);
        foreach (var id in shared)
            Assert.Equal($"Hugging Face, {listing.Entries.Single(e => e.Paper.ArxivId == id).Origin}", byId[id].Origin);
        Assert.All(trending.Entries.Select(e => e.Paper.ArxivId).Except(shared), id => Assert.Equal("Hugging Face", byId[id].Origin));
        Assert.All(listing.Entries.Where(e => !shared.Contains(e.Paper.ArxivId)), e => Assert.Equal(e.Origin, byId[e.Paper.ArxivId].Origin));
        Assert.Equal(Enumerable.Range(0, day.Entries.Count), day.Entries.Select(e => e.FeedOrder));
    }

    [Fact]
    public async Task The_markdown_digest_says_where_each_paper_was_listed()
    {
        using var host = ListingHost.Create(_server, "cs.CL,cs.CV", new Dictionary<string, string?> { ["DailyPapers:Arxiv:Metadata"] = "false" });

        var result = await host.Services.GetRequiredService<DigestRunner>().RunAsync(
            new DigestRequest(Wednesday, ["en"]) { Source = Combined(host, Trending()) }, null, CancellationToken.None);

        var markdown = MarkdownPublisher.Render(result.Digests[0]);
        Assert.Contains("Listed: Hugging Face, arXiv cs.CL\n", markdown, StringComparison.Ordinal);
        Assert.Contains("Listed: Hugging Face\n", markdown, StringComparison.Ordinal);
        Assert.Contains("Listed: arXiv cs.CV (cross-list)\n", markdown, StringComparison.Ordinal);
        Assert.Equal(result.Day.Entries.Count, markdown.Split("\nListed: ").Length - 1);
        // The stored day keeps the origins for the site and re-runs
        var stored = await host.Services.GetRequiredService<DailyPapers.Storage.IPaperStore>().GetDayAsync(Wednesday, CancellationToken.None);
        Assert.Equal(result.Day.Entries.Select(e => e.Origin).Order(), stored!.Entries.Select(e => e.Origin).Order());
    }

    [Fact]
    public async Task An_unavailable_source_is_a_problem_and_the_other_goes_on()
    {
        // The host's Hugging Face API is turned off: it answers "unavailable"
        using var host = ListingHost.Create(_server, "cs.CL");

        var day = await Combined(host, host.Services.GetRequiredService<HuggingFaceApiSource>()).GetDayAsync(Wednesday, CancellationToken.None);

        Assert.Equal(ListingServer.ListingRecords(new DateOnly(2025, 5, 1)).Count(r => r.Categories.Contains("cs.CL")), day.Entries.Count);
        Assert.StartsWith("Hugging Face: unavailable: ", Assert.Single(day.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_friday_mixed_day_is_the_trending_list_alone()
    {
        using var host = ListingHost.Create(_server, "cs.CL");
        var folder = TestPaths.NewTempFolder();
        File.Copy(Path.Combine(TestPaths.SharedData, "hf_daily_papers", "raw_later_samples", "2025-05-01.json"), Path.Combine(folder, "2025-05-02.json"));

        var day = await Combined(host, new HuggingFaceFileSource(folder)).GetDayAsync(new DateOnly(2025, 5, 2), CancellationToken.None);

        Assert.Equal(10, day.Entries.Count);
        Assert.All(day.Entries, e => Assert.Equal("Hugging Face", e.Origin));
        Assert.Empty(day.Problems);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public void With_huggingface_mixing_set_the_combined_source_is_first_and_what_fetch_reads()
    {
        using var host = ListingHost.Create(_server, "cs.CL", new Dictionary<string, string?> { ["DailyPapers:Sources:Arxiv:WithHuggingFace"] = "true" });

        Assert.IsType<CombinedDaySource>(host.Services.GetServices<IDaySource>().First());
        Assert.IsType<CombinedDaySource>(host.Services.GetRequiredKeyedService<IDaySource>(DaySources.Live));
        Assert.Contains("arXiv listings (cs.CL)", host.Services.GetRequiredService<DayFetcher>().DefaultSourceName, StringComparison.Ordinal);
    }
}
