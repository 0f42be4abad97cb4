using DailyPapers.Collect;
using DailyPapers.Collect.ArxivListings;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using DailyPapers.Tests.Live;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Tests.Collect.ArxivListings;

public sealed class ArxivListingSourceTests : IAsyncLifetime
{
    private static readonly DateOnly Sunday = new(2025, 5, 4);
    private ListingServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ListingServer.StartAsync();
        _server.Feeds["cs.CL"] = "cs.CL_2025-05-05.xml";
        _server.Feeds["cs.CV"] = "cs.CV_2025-05-05.xml";
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static IReadOnlyList<ListingServer.ListingRecord> Crawled(int month, int day) => ListingServer.ListingRecords(new DateOnly(2025, month, day));

    [Fact]
    public async Task The_newest_day_comes_from_each_categorys_feed_once_per_paper_without_replacements()
    {
        using var host = ListingHost.Create(_server, "cs.CL,cs.CV");
        var source = ListingHost.Source(host, ListingHost.MondayNoon);

        var day = await source.GetDayAsync(Sunday, CancellationToken.None);

        // Every cs.CL or cs.CV record of the real listing, once (3 papers are in both feeds)
        var expected = Crawled(5, 5).Where(r => r.Categories.Contains("cs.CL") || r.Categories.Contains("cs.CV")).Select(r => r.Id).Order().ToList();
        Assert.Equal(95, expected.Count);
        Assert.Equal(expected, day.Entries.Select(e => e.Paper.ArxivId).Order());
        Assert.Empty(day.Problems);
        Assert.DoesNotContain(day.Entries, e => e.AnnounceType!.StartsWith("replace", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 95), day.Entries.Select(e => e.FeedOrder));
        // A cross-list is kept and marked; a paper new in one feed and cross-listed in the other counts as new there
        var byId = day.Entries.ToDictionary(e => e.Paper.ArxivId);
        foreach (var r in Crawled(5, 5).Where(r => expected.Contains(r.Id)))
        {
            var e = byId[r.Id];
            var primaryListed = r.Categories[0] is "cs.CL" or "cs.CV";
            Assert.Equal(primaryListed ? "new" : "cross", e.AnnounceType);
            Assert.Equal(primaryListed ? $"arXiv {r.Categories[0]}" : e.Origin, e.Origin);
            Assert.Equal(string.Join(" ", r.Summary.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), e.Paper.Abstract);
            Assert.Equal(r.Authors, e.Paper.Authors);
        }
        Assert.Equal(Crawled(5, 5).Count(r => expected.Contains(r.Id) && r.Categories[0] is not ("cs.CL" or "cs.CV")), day.Entries.Count(e => e.IsCrossList));
        Assert.Contains(day.Entries, e => e.IsCrossList);
        Assert.Equal(["/rss/cs.CL", "/rss/cs.CV"], _server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Replacements_are_kept_when_asked_for()
    {
        using var host = ListingHost.Create(_server, "cs.CL,cs.CV", new Dictionary<string, string?> { ["DailyPapers:Sources:Arxiv:IncludeReplacements"] = "true" });

        var day = await ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(Sunday, CancellationToken.None);

        var replaced = day.Entries.Where(e => e.AnnounceType!.StartsWith("replace", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, replaced.Count);
        Assert.All(replaced, e => Assert.Equal(2, e.Paper.Version));
        Assert.Equal(99, day.Entries.Count);
    }

    [Theory]
    [InlineData(2025, 5, 2)] // Friday
    [InlineData(2025, 5, 3)] // Saturday
    public async Task Friday_and_Saturday_have_no_announcement_and_ask_nothing(int y, int m, int d)
    {
        using var host = ListingHost.Create(_server, "cs.CL");

        var ex = await Assert.ThrowsAsync<DayNotFoundException>(() => ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(new DateOnly(y, m, d), CancellationToken.None));

        Assert.Contains("no arXiv announcement", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_day_not_announced_yet_is_no_day_and_never_the_previous_one()
    {
        using var host = ListingHost.Create(_server, "cs.CL");
        // Monday 2025-05-05 at 19:00 EDT: Monday's announcement is an hour away; the feed still holds Sunday's
        var source = ListingHost.Source(host, new DateTimeOffset(2025, 5, 5, 23, 0, 0, TimeSpan.Zero));

        var ex = await Assert.ThrowsAsync<DayNotFoundException>(() => source.GetDayAsync(new DateOnly(2025, 5, 5), CancellationToken.None));

        Assert.Contains("has not announced 2025-05-05 yet", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_feed_dated_another_day_is_not_used_and_the_api_answers_instead()
    {
        using var host = ListingHost.Create(_server, "cs.CL");
        // Monday 21:00 EDT: Monday is announced but the feed (refreshed at midnight) is still Sunday's
        var source = ListingHost.Source(host, new DateTimeOffset(2025, 5, 6, 1, 0, 0, TimeSpan.Zero));

        var ex = await Assert.ThrowsAsync<DayNotFoundException>(() => source.GetDayAsync(new DateOnly(2025, 5, 5), CancellationToken.None));

        // The API has no listing recorded for Monday 2025-05-05: no papers, and not Sunday's again
        Assert.Contains("no announcement on 2025-05-05", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Count("/rss/cs.CL"));
        Assert.Equal(1, _server.Count("/api/query"));
    }

    [Fact]
    public async Task A_past_day_is_filled_from_the_api_by_submission_window_page_by_page()
    {
        using var host = ListingHost.Create(_server, "cs.CL,cs.CV", new Dictionary<string, string?> { ["DailyPapers:Arxiv:PageSize"] = "25" });

        // Wednesday 2025-04-30's announcement, crawled 2025-05-01
        var day = await ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(new DateOnly(2025, 4, 30), CancellationToken.None);

        var expected = Crawled(5, 1).Where(r => r.Categories.Contains("cs.CL") || r.Categories.Contains("cs.CV")).Select(r => r.Id).Order().ToList();
        Assert.Equal(expected, day.Entries.Select(e => e.Paper.ArxivId).Order());
        Assert.DoesNotContain(_server.Requests, r => r.PathAndQuery.StartsWith("/rss/", StringComparison.Ordinal));
        var queries = _server.Requests.Select(r => r.PathAndQuery).ToList();
        Assert.All(queries, q => Assert.Contains("submittedDate:[202504291800 TO 202504301759]&sortBy=submittedDate&sortOrder=ascending", q, StringComparison.Ordinal));
        var clCount = Crawled(5, 1).Count(r => r.Categories.Contains("cs.CL"));
        Assert.Equal((clCount + 24) / 25, queries.Count(q => q.Contains("cat:cs.CL ", StringComparison.Ordinal)));
        // The API does not say how a paper was listed: a paper whose primary category is outside the search is a cross-list
        var r0 = Crawled(5, 1).First(r => r.Categories.Contains("cs.CL") && r.Categories[0] != "cs.CL" && !r.Categories.Contains("cs.CV"));
        Assert.True(day.Entries.Single(e => e.Paper.ArxivId == r0.Id).IsCrossList);
        Assert.All(day.Entries, e => Assert.NotNull(e.Paper.Arxiv));
    }

    [Fact]
    public async Task An_empty_announcement_day_is_no_announcement_not_an_error()
    {
        _server.Feeds["cs.CL"] = "cs.CL_2025-12-26_empty.xml";
        using var host = ListingHost.Create(_server, "cs.CL");
        var source = ListingHost.Source(host, new DateTimeOffset(2025, 12, 26, 12, 0, 0, TimeSpan.Zero));

        var ex = await Assert.ThrowsAsync<DayNotFoundException>(() => source.GetDayAsync(new DateOnly(2025, 12, 25), CancellationToken.None));

        Assert.Contains("no announcement on 2025-12-25", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Count("/api/query"));
    }

    [Fact]
    public async Task Rate_limits_server_errors_and_a_cut_off_body_are_retried()
    {
        _server.Inject("/rss/cs.CL", Fault.TooManyRequests, Fault.ServerError, Fault.TruncatedBody);
        using var host = ListingHost.Create(_server, "cs.CL");

        var day = await ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(Sunday, CancellationToken.None);

        Assert.Equal(33, day.Entries.Count);
        Assert.Empty(day.Problems);
        Assert.Equal(4, _server.Count("/rss/cs.CL"));
        var times = _server.Requests.Select(r => r.At).ToList();
        // Arrival times at the server: a loaded machine can delay the first request's arrival more than the retry's,
        // so the bound leaves room below the 1 s asked (without honouring Retry-After the retry comes in milliseconds)
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(0.7), $"the 429 asked for 1 s; the retry came after {(times[1] - times[0]).TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task An_unknown_category_and_a_malformed_listing_are_named_and_the_other_categories_go_on()
    {
        _server.Inject("/rss/cs.CV", Fault.Malformed);
        using var host = ListingHost.Create(_server, "cs.CL,cs.XX,cs.cv,cs.CV,math.AG");

        var day = await ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(Sunday, CancellationToken.None);

        Assert.Equal(33, day.Entries.Count); // cs.CL only
        var problems = day.Problems.Select(p => p.ToString()).ToList();
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("'cs.XX' is not an arXiv category", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("did you mean 'cs.CV'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("arXiv cs.CV: arXiv RSS cs.CV: not a well-formed RSS feed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("arXiv math.AG: ", StringComparison.Ordinal) && p.Contains("HTTP 404", StringComparison.Ordinal));
        Assert.Equal(0, _server.Count("/rss/cs.XX"));
    }

    [Fact]
    public async Task Bad_items_are_reported_one_by_one_with_the_rest_kept()
    {
        _server.Feeds["cs.CV"] = "cs.CV_2025-05-05_bad-items.xml";
        using var host = ListingHost.Create(_server, "cs.CV");

        var day = await ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(Sunday, CancellationToken.None);

        Assert.Equal(4, day.Entries.Count);
        Assert.Equal([2, 4], day.Problems.Select(p => p.RecordIndex));
    }

    [Fact]
    public async Task Every_category_unavailable_makes_the_source_unavailable()
    {
        _server.Inject("/rss/cs.CL", Fault.ServerError, Fault.ServerError, Fault.ServerError, Fault.ServerError);
        using var host = ListingHost.Create(_server, "cs.CL");

        var ex = await Assert.ThrowsAsync<SourceUnavailableException>(() => ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(Sunday, CancellationToken.None));

        Assert.Contains("HTTP 500", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_keep_the_arxiv_politeness_delay_across_feeds_and_the_api()
    {
        using var host = ListingHost.Create(_server, "cs.CL,cs.CV", new Dictionary<string, string?> { ["DailyPapers:Arxiv:PolitenessDelay"] = "00:00:00.400" });

        await ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(Sunday, CancellationToken.None);
        await ListingHost.Source(host, ListingHost.MondayNoon).GetDayAsync(new DateOnly(2025, 4, 30), CancellationToken.None);

        var times = _server.Requests.Select(r => r.At).ToList();
        Assert.True(times.Count >= 4);
        // Measured at arrival, so the bound leaves room for one request delayed in transit (unpaced ones come ms apart)
        Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromMilliseconds(300), $"{(p.Second - p.First).TotalMilliseconds:0} ms apart"));
    }

    [Fact]
    public void With_categories_set_the_listings_are_the_first_default_source_and_what_fetch_reads()
    {
        using var with = ListingHost.Create(_server, "cs.CL");
        using var without = ListingHost.Create(_server, "");

        Assert.IsType<ArxivListingSource>(with.Services.GetServices<IDaySource>().First());
        Assert.IsType<ArxivListingSource>(with.Services.GetRequiredKeyedService<IDaySource>(DaySources.Live));
        Assert.DoesNotContain(without.Services.GetServices<IDaySource>(), s => s is ArxivListingSource);
        Assert.Equal("arXiv listings (cs.CL)", with.Services.GetRequiredService<DayFetcher>().DefaultSourceName);
    }

    [Fact]
    public async Task A_fetched_past_day_is_stored_with_its_origins_and_a_friday_is_no_papers_not_a_failure()
    {
        using var host = ListingHost.Create(_server, "cs.CL", new Dictionary<string, string?> { ["DailyPapers:Arxiv:Metadata"] = "false" });
        var fetcher = host.Services.GetRequiredService<DayFetcher>();

        var wednesday = await fetcher.FetchAsync(new DateOnly(2025, 4, 30), null, null, CancellationToken.None);
        var friday = await fetcher.FetchAsync(new DateOnly(2025, 5, 2), null, null, CancellationToken.None);

        Assert.Equal(FetchStatus.Stored, wednesday.Status);
        Assert.Equal(FetchStatus.NoPapers, friday.Status);
        var stored = await host.Services.GetRequiredService<IPaperStore>().GetDayAsync(new DateOnly(2025, 4, 30), CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(Crawled(5, 1).Count(r => r.Categories.Contains("cs.CL")), stored.Entries.Count);
        Assert.All(stored.Entries, e => Assert.Equal("arXiv cs.CL", e.Origin));
        Assert.Contains(stored.Entries, e => e.IsCrossList);
    }
}
