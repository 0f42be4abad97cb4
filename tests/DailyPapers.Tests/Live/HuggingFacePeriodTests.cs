using DailyPapers.Collect.HuggingFace;

namespace DailyPapers.Tests.Live;

/// <summary>The Hugging Face source's week, month, trending order and paging, against the loopback server replaying the 2024 captures.</summary>
public sealed class HuggingFacePeriodTests : IAsyncLifetime
{
    private static readonly DateOnly Thursday = new(2024, 8, 15); // ISO week 2024-W33: 2024-08-12 .. 16, 55 recorded papers

    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(TestPaths.SharedData);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Microsoft.Extensions.Hosting.IHost Host(params (string Key, string Value)[] settings) =>
        LiveHost.Create(_server, LiveHost.NewStore(), settings.ToDictionary(s => "DailyPapers:HuggingFace:" + s.Key, s => (string?)s.Value));

    [Fact]
    public async Task A_week_asks_for_the_iso_week_holding_the_date_and_keeps_the_whole_week()
    {
        // Given the source set to weeks
        using var host = Host(("Period", "week"));

        // When the digest date is a Thursday
        var day = await host.Get<HuggingFaceApiSource>().GetDayAsync(Thursday, CancellationToken.None);

        // Then one request names the ISO week, and the week's five recorded days arrive in order, dated as asked
        Assert.Equal(["/api/daily_papers?week=2024-W33"], _server.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(55, day.Entries.Count);
        Assert.Empty(day.Problems);
        Assert.Equal(Thursday, day.Date);
        Assert.All(day.Entries, e => Assert.Equal(Thursday, e.Date));
    }

    [Fact]
    public async Task A_month_asks_for_the_month_and_paging_stops_at_the_configured_number_of_pages()
    {
        // Given months, pages of 100, at most two pages (August 2024 has 257 recorded papers)
        using var host = Host(("Period", "month"), ("Limit", "100"), ("Pages", "2"));

        var day = await host.Get<HuggingFaceApiSource>().GetDayAsync(Thursday, CancellationToken.None);

        Assert.Equal(["/api/daily_papers?month=2024-08&p=0&limit=100", "/api/daily_papers?month=2024-08&p=1&limit=100"],
            _server.Requests.Select(r => r.PathAndQuery));
        Assert.Equal(200, day.Entries.Count);
        Assert.Equal(Enumerable.Range(0, 200), day.Entries.Select(e => e.FeedOrder));
    }

    [Fact]
    public async Task Trending_pages_are_read_until_a_short_page_and_keep_the_trending_order()
    {
        // Given the week, trending order, pages of 20, up to five pages
        using var host = Host(("Period", "week"), ("Sort", "trending"), ("Limit", "20"), ("Pages", "5"));

        var day = await host.Get<HuggingFaceApiSource>().GetDayAsync(Thursday, CancellationToken.None);

        // Then three pages are asked (20 + 20 + 15) and the most voted paper of the week is first
        Assert.Equal(["p=0", "p=1", "p=2"], _server.Requests.Select(r => r.PathAndQuery.Split('&')[2]));
        Assert.All(_server.Requests, r => Assert.Contains("sort=trending", r.PathAndQuery, StringComparison.Ordinal));
        Assert.Equal(55, day.Entries.Count);
        Assert.Equal(["2408.06292", "2408.07009", "2408.07055"], day.Entries.Take(3).Select(e => e.Paper.ArxivId));
        Assert.Equal(55, day.Entries.Select(e => e.Paper.ArxivId).Distinct().Count());
    }

    [Fact]
    public async Task A_later_page_that_keeps_failing_is_named_and_the_pages_before_it_are_kept()
    {
        // Given the second page answering 500 to every attempt, and the first page a 429 once
        using var host = Host(("Period", "week"), ("Sort", "trending"), ("Limit", "20"), ("Pages", "5"));
        _server.Inject("/api/daily_papers?week=2024-W33&sort=trending&p=0", Fault.TooManyRequests);
        _server.Inject("/api/daily_papers?week=2024-W33&sort=trending&p=1", Fault.ServerError, Fault.ServerError, Fault.ServerError, Fault.ServerError);

        var day = await host.Get<HuggingFaceApiSource>().GetDayAsync(Thursday, CancellationToken.None);

        // Then the first page (retried after the 429) is kept, and one problem names the failed page and the HTTP status
        Assert.Equal(20, day.Entries.Count);
        var problem = Assert.Single(day.Problems);
        Assert.Contains("p=1", problem.Source, StringComparison.Ordinal);
        Assert.Contains("page 1 unavailable, the 20 papers before it are kept", problem.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_2025_day_brings_the_hugging_face_fields_through_the_live_source()
    {
        using var host = Host();

        var day = await host.Get<HuggingFaceApiSource>().GetDayAsync(new DateOnly(2025, 11, 3), CancellationToken.None);

        var sentinel = day.Entries.Single(e => e.Paper.ArxivId == "2510.24411").Paper.HuggingFace;
        Assert.NotNull(sentinel);
        Assert.Equal("hkunlp", sentinel.Organization?.Name);
        Assert.Equal("https://github.com/OS-Copilot/OS-Sentinel", sentinel.GithubRepo);
    }
}
