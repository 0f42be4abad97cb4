using DailyPapers.Tests.Cli;

namespace DailyPapers.Tests.Collect.ArxivListings;

public sealed class ListingDigestCliTests : IAsyncLifetime
{
    private ListingServer _server = null!;

    public async Task InitializeAsync() => _server = await ListingServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string> Settings(string categories) => new()
    {
        ["DailyPapers:Store:Path"] = Path.Combine(TestPaths.NewTempFolder(), "store.db"),
        ["DailyPapers:HuggingFace:Enabled"] = "false",
        ["DailyPapers:Arxiv:ApiUrl"] = _server.BaseUrl + "/api/query",
        ["DailyPapers:Arxiv:PolitenessDelay"] = "00:00:00",
        ["DailyPapers:Arxiv:Metadata"] = "false",
        ["DailyPapers:Arxiv:FullText"] = "false",
        ["DailyPapers:Sources:Arxiv:Categories"] = categories,
        ["DailyPapers:Sources:Arxiv:RssUrl"] = _server.BaseUrl + "/rss",
    };

    [Fact]
    public async Task A_digest_of_a_listing_day_names_an_unknown_category_digests_the_others_and_exits_1()
    {
        var result = await CliRunner.RunAsync(Settings("cs.CL,cs.XX"), "digest", "--date", "2025-04-30", "--lang", "en");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("UNREADABLE DailyPapers:Sources:Arxiv:Categories: 'cs.XX' is not an arXiv category", result.Stderr, StringComparison.Ordinal);
        var clPapers = ListingServer.ListingRecords(new DateOnly(2025, 5, 1)).Where(r => r.Categories.Contains("cs.CL")).ToList();
        Assert.All(clPapers, r => Assert.Contains($"arxiv.org/abs/{r.Id}", result.Stdout, StringComparison.Ordinal));
        Assert.Contains($"{clPapers.Count} summarized", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_friday_is_no_announcement_and_the_next_source_is_asked()
    {
        var result = await CliRunner.RunAsync(Settings("cs.CL"), "fetch", "--date", "2025-05-02");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no arXiv announcement on 2025-05-02 (Friday)", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
