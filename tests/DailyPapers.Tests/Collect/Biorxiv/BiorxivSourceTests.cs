using DailyPapers.Collect;
using DailyPapers.Collect.Biorxiv;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using DailyPapers.Tests.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Tests.Collect.Biorxiv;

/// <summary>The bioRxiv / medRxiv day source against <see cref="BiorxivServer"/> replaying the fixtures (written here from real records' text).</summary>
public sealed class BiorxivSourceTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 5, 19);
    private BiorxivServer _server = null!;

    public async Task InitializeAsync() => _server = await BiorxivServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private IHost Host(string server = "biorxiv", string categories = "")
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DailyPapers:Store:Path"] = Path.Combine(TestPaths.NewTempFolder(), "store.db"),
            ["DailyPapers:HuggingFace:Enabled"] = "false",
            ["DailyPapers:Sources:Biorxiv:Server"] = server,
            ["DailyPapers:Sources:Biorxiv:ApiUrl"] = _server.BaseUrl,
            ["DailyPapers:Sources:Biorxiv:Categories"] = categories,
            ["DailyPapers:Http:RetryBaseDelay"] = "00:00:00.050",
            ["DailyPapers:Http:AttemptTimeout"] = "00:00:30",
            ["DailyPapers:Http:MaxRetryDelay"] = "00:00:01",
        });
        builder.AddDailyPapersCore();
        return builder.Build();
    }

    private static BiorxivSource Source(IHost host) => host.Services.GetRequiredService<BiorxivSource>();

    [Fact]
    public async Task A_day_is_read_page_by_page_by_cursor_and_a_paper_posted_twice_keeps_its_newest_version_once()
    {
        // Given pages of two records and a day of five (one paper in versions 1 and 2)
        _server.PageSize = 2;
        using var host = Host();

        var day = await Source(host).GetDayAsync(Day, CancellationToken.None);

        // Then three pages are asked by cursor and the four papers are kept by DOI, each saying where it was listed
        Assert.Equal(["/details/biorxiv/2026-05-19/2026-05-19/0", "/details/biorxiv/2026-05-19/2026-05-19/2", "/details/biorxiv/2026-05-19/2026-05-19/4"], _server.Requests);
        Assert.Empty(day.Problems);
        Assert.Equal(["10.64898/2026.05.16.716261", "10.64898/2026.05.11.724461", "10.64898/2026.03.06.709845", "10.1101/2021.01.08.425967"],
            day.Entries.Select(e => e.Paper.ArxivId));
        var als = day.Entries[0];
        Assert.Equal(2, als.Paper.Version);
        Assert.Equal(["Kaneko, S.", "Urushitani, M."], als.Paper.Authors);
        Assert.Equal("bioRxiv neuroscience", als.Origin);
        Assert.Equal("https://doi.org/10.64898/2026.05.16.716261", als.Paper.AbsUrl);
        Assert.False(als.Paper.IsArxiv);
    }

    [Fact]
    public async Task The_category_filter_keeps_the_categories_named_whatever_their_spelling_of_spaces()
    {
        using var host = Host(categories: "Neuroscience, cell_biology");

        var day = await Source(host).GetDayAsync(Day, CancellationToken.None);

        Assert.Empty(day.Problems);
        Assert.Equal(["10.64898/2026.05.16.716261", "10.64898/2026.03.06.709845"], day.Entries.Select(e => e.Paper.ArxivId));
    }

    [Fact]
    public async Task An_unknown_category_is_named_and_the_others_go_on()
    {
        using var host = Host(categories: "neuroscience,neuro science");

        var day = await Source(host).GetDayAsync(Day, CancellationToken.None);

        Assert.Equal(2, day.Entries.Count);
        Assert.Contains("unknown bioRxiv category 'neuro science'", Assert.Single(day.Problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Fault.TooManyRequests)]
    [InlineData(Fault.ServerError)]
    [InlineData(Fault.TruncatedBody)]
    public async Task A_transient_fault_is_retried_and_the_day_still_arrives(Fault fault)
    {
        using var host = Host();
        _server.Inject("/details/biorxiv/2026-05-19", fault);

        var day = await Source(host).GetDayAsync(Day, CancellationToken.None);

        Assert.Equal(4, day.Entries.Count);
        Assert.Empty(day.Problems);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_page_whose_messages_say_error_is_a_named_problem_of_the_day()
    {
        using var host = Host();

        var day = await Source(host).GetDayAsync(new DateOnly(2026, 5, 21), CancellationToken.None);

        Assert.Empty(day.Entries);
        var problem = Assert.Single(day.Problems);
        Assert.Contains("/details/biorxiv/2026-05-21/2026-05-21/0", problem.Source, StringComparison.Ordinal);
        Assert.Contains("bioRxiv says 'error: the interval could not be read'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_day_is_reported_as_no_papers_that_day()
    {
        using var host = Host();

        var ex = await Assert.ThrowsAsync<DayNotFoundException>(() => Source(host).GetDayAsync(new DateOnly(2026, 5, 23), CancellationToken.None));

        Assert.Equal("no papers that day: bioRxiv posted none on 2026-05-23", ex.Message);
    }

    [Fact]
    public async Task Malformed_records_are_named_by_index_and_the_rest_are_kept()
    {
        using var host = Host();

        var day = await Source(host).GetDayAsync(new DateOnly(2026, 5, 20), CancellationToken.None);

        Assert.Equal(["10.64898/2026.05.11.724461", "10.64898/2026.05.16.716261"], day.Entries.Select(e => e.Paper.ArxivId));
        Assert.Equal([(1, "'not-a-doi' is not a DOI"), (2, "paper 10.1101/2021.01.08.425967 has no title")],
            day.Problems.Select(p => (p.RecordIndex ?? -1, p.Message)));
    }

    [Fact]
    public async Task A_server_that_keeps_failing_makes_the_source_unavailable_with_the_status()
    {
        using var host = Host();
        _server.Inject("/details/biorxiv/2026-05-19", Fault.ServerError, Fault.ServerError, Fault.ServerError, Fault.ServerError);

        var ex = await Assert.ThrowsAsync<SourceUnavailableException>(() => Source(host).GetDayAsync(Day, CancellationToken.None));

        Assert.Contains("HTTP 500", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Medrxiv_is_the_same_api_under_its_own_name()
    {
        using var host = Host(server: "medrxiv", categories: "health_informatics");

        var day = await Source(host).GetDayAsync(new DateOnly(2026, 5, 30), CancellationToken.None);

        var entry = Assert.Single(day.Entries);
        Assert.Equal("10.64898/2026.05.28.26354363", entry.Paper.ArxivId);
        Assert.Equal("medRxiv health informatics", entry.Origin);
    }

    [Theory]
    [InlineData("10.1101/2021.01.08.425967", "10.1101/2021.01.08.425967")]
    [InlineData("doi:10.1101/2020.03.06.20029793", "10.1101/2020.03.06.20029793")]
    [InlineData("https://doi.org/10.64898/2026.05.16.716261", "10.64898/2026.05.16.716261")]
    [InlineData(" 10.1101/ABC.1 ", "10.1101/abc.1")]
    public void A_doi_is_read_with_or_without_its_prefix_in_lower_case(string text, string expected)
    {
        Assert.True(Doi.TryParse(text, out var doi));
        Assert.Equal(expected, doi);
    }

    [Theory]
    [InlineData("2408.07246")]
    [InlineData("10.1101")]
    [InlineData("11.1101/2021.01.08")]
    [InlineData("")]
    public void Text_that_is_not_a_doi_is_refused(string text) => Assert.False(Doi.TryParse(text, out _));
}
