using DailyPapers.Collect.Arxiv;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Live;

public sealed class ArxivClientTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(TestPaths.SharedData);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_batch_lookup_sends_one_request_and_reports_the_ids_arxiv_does_not_know()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        var ids = new[] { "2408.07246", "2408.07116v2", "2408.99999", "2408.05366" }.Select(ArxivId.Parse);

        var lookup = await host.Get<ArxivClient>().LookupAsync(ids, CancellationToken.None);

        Assert.Equal(["2408.05366", "2408.07116", "2408.07246"], lookup.Found.Keys.Order());
        Assert.Equal(["2408.99999"], lookup.NotFound);
        Assert.Equal(["/api/query?id_list=2408.07246,2408.07116v2,2408.99999,2408.05366&start=0&max_results=4"], _server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task Batches_are_cut_at_the_configured_size()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore(), new Dictionary<string, string?> { ["DailyPapers:Arxiv:BatchSize"] = "3" });
        var ids = new[] { "2408.07246", "2408.07116", "2408.07089", "2408.05366", "2408.07540" }.Select(ArxivId.Parse);

        var lookup = await host.Get<ArxivClient>().LookupAsync(ids, CancellationToken.None);

        Assert.Equal(5, lookup.Found.Count);
        Assert.Equal(2, _server.Count("/api/query"));
    }

    [Fact]
    public async Task A_recorded_versioned_lookup_is_replayed_with_its_version()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());

        var lookup = await host.Get<ArxivClient>().LookupAsync([ArxivId.Parse("2104.12255v1")], CancellationToken.None);

        Assert.Equal(1, lookup.Found["2104.12255"].Id.Version);
        Assert.Empty(lookup.NotFound);
    }

    [Fact]
    public async Task The_http_400_error_feed_becomes_an_arxiv_error_with_its_message()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());

        var ex = await Assert.ThrowsAsync<ArxivApiException>(() => host.Get<ArxivClient>().QueryAsync("id_list=abc&start=0&max_results=1", CancellationToken.None));

        Assert.Contains("incorrect id format for abc", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.Count("/api/query")); // a 400 is not retried
    }

    [Fact]
    public async Task A_search_by_category_and_window_pages_until_it_has_enough()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore(), new Dictionary<string, string?> { ["DailyPapers:Arxiv:PageSize"] = "10" });

        var results = await host.Get<ArxivClient>().SearchAsync("cs.CL", new DateOnly(2024, 8, 14), new DateOnly(2024, 8, 15), 30, CancellationToken.None);

        Assert.Equal(30, results.Count);
        var queries = _server.Requests.Select(r => r.PathAndQuery).ToList();
        Assert.Equal(3, queries.Count);
        Assert.All(queries, q => Assert.Contains("search_query=cat:cs.CL AND submittedDate:[202408140000 TO 202408152359]", q, StringComparison.Ordinal));
        Assert.Equal(["start=0&max_results=10", "start=10&max_results=10", "start=20&max_results=10"], queries.Select(q => q[q.IndexOf("start=", StringComparison.Ordinal)..]));
    }

    [Fact]
    public async Task Malformed_xml_after_retries_is_an_arxiv_error_not_a_crash()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore());
        // Every attempt gets the malformed body: on a cold machine a first attempt can outlive the attempt timeout
        // after the server has already played its fault, and the retry must not then find a good reply.
        _server.Inject("/api/query", Fault.Malformed, Fault.Malformed, Fault.Malformed, Fault.Malformed);

        var ex = await Assert.ThrowsAsync<ArxivApiException>(() => host.Get<ArxivClient>().LookupAsync([ArxivId.Parse("2408.07246")], CancellationToken.None));

        Assert.Contains("not a well-formed Atom feed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_to_arxiv_are_spaced_by_the_politeness_delay()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore(), new Dictionary<string, string?>
        {
            ["DailyPapers:Arxiv:PolitenessDelay"] = "00:00:00.400",
            ["DailyPapers:Arxiv:BatchSize"] = "1",
        });

        await host.Get<ArxivClient>().LookupAsync(new[] { "2408.07246", "2408.07116", "2408.07089" }.Select(ArxivId.Parse), CancellationToken.None);

        var times = _server.Requests.Select(r => r.At).ToList();
        Assert.Equal(3, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(380), $"gap {(pair.Second - pair.First).TotalMilliseconds} ms"));
        Assert.All(_server.Requests, r => Assert.StartsWith("DailyPapers/", r.UserAgent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_that_keeps_failing_opens_its_circuit_and_is_left_alone()
    {
        using var host = LiveHost.Create(_server, LiveHost.NewStore(), new Dictionary<string, string?> { ["DailyPapers:Http:MaxRetries"] = "0" });
        _server.Inject("/api/query", Enumerable.Repeat(Fault.ServerError, 20).ToArray());
        var client = host.Get<ArxivClient>();

        var reasons = new List<string>();
        for (var i = 0; i < 10; i++)
            reasons.Add((await Assert.ThrowsAsync<SourceUnavailableException>(() => client.LookupAsync([ArxivId.Parse("2408.07246")], CancellationToken.None))).Message);

        Assert.Equal(6, _server.Count("/api/query")); // the breaker's minimum throughput, then no more requests
        Assert.Contains("circuit for this host is open", reasons[^1], StringComparison.Ordinal);
    }
}
