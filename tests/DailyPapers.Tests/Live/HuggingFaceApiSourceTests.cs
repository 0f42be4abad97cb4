using DailyPapers.Collect;
using DailyPapers.Collect.Http;
using DailyPapers.Collect.HuggingFace;

namespace DailyPapers.Tests.Live;

public sealed class HuggingFaceApiSourceTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(TestPaths.SharedData);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_day_is_read_from_the_api_with_the_calendar_date_sent_unchanged()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        var source = host.Get<HuggingFaceApiSource>();

        var day = await source.GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None);

        Assert.Equal(8, day.Entries.Count);
        Assert.Equal("2408.07246", day.Ranked[0].Paper.ArxivId);
        Assert.Equal(["/api/daily_papers?date=2024-08-15"], _server.Requests.Select(r => r.PathAndQuery));
        Assert.StartsWith("DailyPapers/", _server.Requests.Single().UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weekend_day_is_reported_as_no_papers_that_day()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());

        var ex = await Assert.ThrowsAsync<DayNotFoundException>(() => host.Get<HuggingFaceApiSource>().GetDayAsync(new DateOnly(2024, 8, 17), CancellationToken.None));

        Assert.StartsWith("no papers that day", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2024-08-17", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Fault.TooManyRequests)]
    [InlineData(Fault.ServerError)]
    [InlineData(Fault.TruncatedBody)]
    [InlineData(Fault.Slow)]
    public async Task A_transient_fault_is_retried_and_the_day_still_arrives(Fault fault)
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        _server.Inject("/api/daily_papers", fault);

        var day = await host.Get<HuggingFaceApiSource>().GetDayAsync(new DateOnly(2024, 8, 16), CancellationToken.None);

        Assert.Equal(12, day.Entries.Count);
        Assert.Empty(day.Problems);
        Assert.Equal(2, _server.Count("/api/daily_papers"));
    }

    [Fact]
    public async Task Retry_after_is_honoured_before_the_second_attempt()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        _server.Inject("/api/daily_papers", Fault.TooManyRequests);

        await host.Get<HuggingFaceApiSource>().GetDayAsync(new DateOnly(2024, 8, 16), CancellationToken.None);

        var times = _server.Requests.Select(r => r.At).ToList();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"second attempt came {(times[1] - times[0]).TotalMilliseconds} ms after the 429 asking for 1 s");
    }

    [Fact]
    public async Task A_server_that_keeps_failing_gives_a_clear_reason_after_the_retries()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        _server.Inject("/api/daily_papers", Fault.ServerError, Fault.ServerError, Fault.ServerError, Fault.ServerError);

        var ex = await Assert.ThrowsAsync<SourceUnavailableException>(() => host.Get<HuggingFaceApiSource>().GetDayAsync(new DateOnly(2024, 8, 16), CancellationToken.None));

        Assert.Contains("HTTP 500", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, _server.Count("/api/daily_papers")); // the first attempt and 3 retries
    }

    [Fact]
    public async Task Malformed_json_is_reported_as_a_problem_not_an_empty_day()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        _server.Inject("/api/daily_papers", Fault.Malformed);

        var day = await host.Get<HuggingFaceApiSource>().GetDayAsync(new DateOnly(2024, 8, 16), CancellationToken.None);

        Assert.Empty(day.Entries);
        Assert.Contains("malformed JSON", Assert.Single(day.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_host_fails_at_once_and_is_not_tried_again_for_the_next_day()
    {
        // Given a base URL where nothing listens (connection refused, as offline)
        using var host = LiveHost.Create(_server, LiveHost.NewStore(), new Dictionary<string, string?> { ["DailyPapers:HuggingFace:BaseUrl"] = "http://127.0.0.1:1" });
        var source = host.Get<HuggingFaceApiSource>();

        var first = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None));
        var second = await Assert.ThrowsAsync<SourceUnavailableException>(() => source.GetDayAsync(new DateOnly(2024, 8, 16), CancellationToken.None));

        Assert.Contains("connection refused", first.Message, StringComparison.Ordinal);
        Assert.IsType<HostUnreachableException>(second.InnerException);
    }
}
