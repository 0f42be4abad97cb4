using DailyPapers.Tests.Cli;

namespace DailyPapers.Tests.Collect.Biorxiv;

/// <summary>The <c>dailypapers</c> command over the bioRxiv source: bad input named, the rest digested, exit 1.</summary>
public sealed class BiorxivDigestCliTests : IAsyncLifetime
{
    private BiorxivServer _server = null!;

    public async Task InitializeAsync() => _server = await BiorxivServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string> Settings(string categories = "") => new()
    {
        ["DailyPapers:Store:Path"] = Path.Combine(TestPaths.NewTempFolder(), "store.db"),
        ["DailyPapers:HuggingFace:Enabled"] = "false",
        ["DailyPapers:Arxiv:ApiUrl"] = "http://127.0.0.1:1/api/query", // never asked: DOI papers skip arXiv
        ["DailyPapers:Sources:Biorxiv:Server"] = "biorxiv",
        ["DailyPapers:Sources:Biorxiv:ApiUrl"] = _server.BaseUrl,
        ["DailyPapers:Sources:Biorxiv:Categories"] = categories,
    };

    [Fact]
    public async Task A_digest_names_an_unknown_category_and_the_malformed_records_digests_the_rest_and_exits_1()
    {
        var result = await CliRunner.RunAsync(Settings("ecology,neuroscience,astrology"), "digest", "--date", "2026-05-20", "--lang", "en");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("unknown bioRxiv category 'astrology'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'not-a-doi' is not a DOI", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("https://doi.org/10.64898/2026.05.11.724461", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("https://doi.org/10.64898/2026.05.16.716261", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Listed: bioRxiv ecology", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fetch_of_a_day_whose_messages_say_error_names_it_and_exits_1()
    {
        var result = await CliRunner.RunAsync(Settings(), "fetch", "--date", "2026-05-21");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bioRxiv says 'error: the interval could not be read'", result.Stderr, StringComparison.Ordinal);
    }
}
