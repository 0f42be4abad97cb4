using DailyPapers.Collect.HuggingFace;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Live;

public sealed class FetchTests : IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2024, 8, 12);
    private static readonly DateOnly Sunday = new(2024, 8, 18);
    private LoopbackServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(TestPaths.SharedData);
        _server.Html["2408.07246"] = "latexml_angular_momentum_2023.html";
        _server.PdfForAll = PdfMaker.Make("A paper made for the loopback server.", "Our code: https://github.com/loopback/pdf-code");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_week_is_backfilled_with_every_paper_and_its_metadata_despite_transient_faults()
    {
        // Given a week with a 429, a truncated body, a 500 and a slow reply along the way
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        _server.Inject("/api/daily_papers?date=2024-08-13", Fault.TooManyRequests);
        _server.Inject("/api/daily_papers?date=2024-08-14", Fault.TruncatedBody);
        _server.Inject("/api/query", Fault.ServerError, Fault.Slow);
        _server.Inject("/html/2408.07246", Fault.TruncatedBody);

        // When it is fetched
        var reports = await host.Get<DayFetcher>().FetchRangeAsync(Monday, Sunday, null, null, CancellationToken.None);

        // Then the five weekdays are stored with every paper enriched, the weekend says it had no papers
        Assert.Equal([FetchStatus.Stored, FetchStatus.Stored, FetchStatus.Stored, FetchStatus.Stored, FetchStatus.Stored, FetchStatus.NoPapers, FetchStatus.NoPapers],
            reports.Select(r => r.Status));
        Assert.Equal([10, 10, 15, 8, 12, 0, 0], reports.Select(r => r.Papers));
        Assert.All(reports, r => Assert.Empty(r.Warnings));
        var store = host.Get<IPaperStore>();
        for (var d = Monday; d <= Sunday.AddDays(-2); d = d.AddDays(1))
        {
            var day = (await store.GetDayAsync(d, CancellationToken.None))!;
            Assert.All(day.Entries, e =>
            {
                Assert.Equal(["cs.CL", "cs.AI"], e.Paper.Arxiv!.Categories);
                Assert.Equal(2, e.Paper.Version);
                Assert.Contains(e.Paper.Links, l => l.Url == $"https://github.com/loopback/{e.Paper.ArxivId}" && l.Source == "arxiv comments");
            });
            foreach (var e in day.Entries)
                Assert.NotNull(await store.GetFullTextAsync(e.Paper.ArxivId, CancellationToken.None));
        }
        Assert.Equal("html", (await store.GetFullTextAsync("2408.07246", CancellationToken.None))!.Source);
        Assert.Equal(5 + 2, _server.Count("/api/query")); // one batch per weekday, plus the retried 500 and slow reply
    }

    [Fact]
    public async Task Malformed_arxiv_xml_leaves_the_day_stored_with_a_reason_for_each_paper()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore(), new Dictionary<string, string?> { ["DailyPapers:Arxiv:FullText"] = "false" });
        _server.Inject("/api/query", Fault.Malformed);

        var report = await host.Get<DayFetcher>().FetchAsync(new DateOnly(2024, 8, 15), null, null, CancellationToken.None);

        Assert.Equal(FetchStatus.Stored, report.Status);
        Assert.Equal(8, report.Warnings.Count);
        Assert.All(report.Warnings, w => Assert.Equal("arxiv-metadata", w.Stage));
        Assert.All(report.Warnings, w => Assert.Contains("not a well-formed Atom feed", w.Message, StringComparison.Ordinal));
        var stored = (await host.Get<IPaperStore>().GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None))!;
        Assert.Equal(8, stored.Entries.Count);
        Assert.All(stored.Entries, e => Assert.Null(e.Paper.Arxiv));
        var logged = await host.Get<IFetchLog>().GetLatestFetchAsync(new DateOnly(2024, 8, 15), CancellationToken.None);
        Assert.Equal(report.Warnings, logged!.Warnings);
    }

    [Fact]
    public async Task A_malformed_feed_fails_its_day_alone_and_the_stored_copy_survives()
    {
        // Given 2024-08-15 already stored
        using var host = LiveHost.Create(_server, LiveHost.NewStore(), new Dictionary<string, string?> { ["DailyPapers:Arxiv:FullText"] = "false" });
        var fetcher = host.Get<DayFetcher>();
        await fetcher.FetchAsync(new DateOnly(2024, 8, 15), null, null, CancellationToken.None);
        var queriesBefore = _server.Count("/api/query");

        // When a re-fetch of it gets malformed JSON, and the next day is fine
        _server.Inject("/api/daily_papers?date=2024-08-15", Fault.Malformed);
        var reports = await fetcher.FetchRangeAsync(new DateOnly(2024, 8, 15), new DateOnly(2024, 8, 16), null, null, CancellationToken.None);

        // Then that day fails with the reason, the next is stored, and nothing stored before is lost
        Assert.Equal(FetchStatus.Failed, reports[0].Status);
        Assert.Contains("malformed JSON", reports[0].Message, StringComparison.Ordinal);
        Assert.Equal(FetchStatus.Stored, reports[1].Status);
        Assert.Equal(8, (await host.Get<IPaperStore>().GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None))!.Entries.Count);
        Assert.Equal(queriesBefore + 1, _server.Count("/api/query"));
    }

    [Fact]
    public async Task Refetching_a_day_keeps_its_stored_metadata_without_asking_arxiv_again()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore(), new Dictionary<string, string?> { ["DailyPapers:Arxiv:FullText"] = "false" });
        var fetcher = host.Get<DayFetcher>();

        await fetcher.FetchAsync(new DateOnly(2024, 8, 15), null, null, CancellationToken.None);
        var again = await fetcher.FetchAsync(new DateOnly(2024, 8, 15), null, null, CancellationToken.None);

        Assert.Equal(FetchStatus.Stored, again.Status);
        Assert.Equal(1, _server.Count("/api/query"));
        Assert.Equal(2, _server.Count("/api/daily_papers"));
    }

    [Fact]
    public async Task The_api_and_the_file_reader_agree_on_a_day()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());

        var live = await host.Get<HuggingFaceApiSource>().GetDayAsync(new DateOnly(2024, 8, 14), CancellationToken.None);
        var file = await new HuggingFaceFileSource(TestPaths.HfRaw2024).GetDayAsync(new DateOnly(2024, 8, 14), CancellationToken.None);

        Assert.Equal(file.Entries.Select(e => (e.Paper.ArxivId, e.Upvotes, e.Paper.Title)), live.Entries.Select(e => (e.Paper.ArxivId, e.Upvotes, e.Paper.Title)));
    }
}
