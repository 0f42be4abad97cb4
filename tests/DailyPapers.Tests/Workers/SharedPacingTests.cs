using DailyPapers.Collect.Http;
using DailyPapers.Hosting;
using DailyPapers.Tests.Live;
using DailyPapers.Tests.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Tests.Workers;

/// <summary>
/// arXiv's politeness spacing with workers on: two hosts (as two worker processes) over one PostgreSQL database keep it
/// together, through their real "arxiv" HTTP clients against a loopback server that notes when each request arrives.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedPacingTests(PostgresCluster cluster)
{
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task With_workers_on_two_processes_keep_the_arxiv_spacing_together_and_without_workers_each_keeps_its_own()
    {
        await using var server = await LoopbackServer.StartAsync(TestPaths.SharedData);
        var connectionString = await cluster.NewDatabaseAsync();

        // With workers on: each host's gate takes its turns from the shared reservation
        var shared = await ArrivalsAsync(server, connectionString, workers: true);
        Assert.Equal(6, shared.Count);
        // measured at arrival, so the bound leaves room for one request delayed in transit: half the spacing (on a loaded
        // machine one arrived 101 ms after its turn, 299 ms after the one before), still far from the unshared case
        // below, where the two processes' requests arrive at once
        Assert.All(shared.Zip(shared.Skip(1)), p => Assert.True(p.Second - p.First >= Spacing / 2,
            $"requests of the two processes {(p.Second - p.First).TotalMilliseconds:0} ms apart"));

        // Without workers (the embedded default), each process spaces only its own requests: the two come close together
        server.Requests.Clear();
        var apart = await ArrivalsAsync(server, connectionString, workers: false);
        Assert.Equal(6, apart.Count);
        Assert.Contains(apart.Zip(apart.Skip(1)), p => p.Second - p.First < Spacing - TimeSpan.FromMilliseconds(100));
    }

    private static async Task<List<DateTimeOffset>> ArrivalsAsync(LoopbackServer server, string connectionString, bool workers)
    {
        using var first = Host(connectionString, workers);
        using var second = Host(connectionString, workers);
        // Three requests from each process at once
        var url = new Uri(server.BaseUrl + "/html/0000.00000");
        await Task.WhenAll(Send(first), Send(second));
        return [.. server.Requests.Select(r => r.At).Order()];

        async Task Send(IHost host)
        {
            var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpRegistration.Arxiv);
            for (var i = 0; i < 3; i++)
                using (await client.GetAsync(url)) { }
        }
    }

    private static IHost Host(string connectionString, bool workers)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DailyPapers:Store:Provider"] = "postgres",
            ["DailyPapers:Store:ConnectionString"] = connectionString,
            ["DailyPapers:Workers:Enabled"] = workers ? "true" : "false",
            ["DailyPapers:Arxiv:PolitenessDelay"] = "00:00:00.400",
        });
        builder.AddDailyPapers();
        return builder.Build();
    }
}
