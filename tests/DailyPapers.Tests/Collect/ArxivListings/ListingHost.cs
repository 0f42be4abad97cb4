using DailyPapers.Collect.Arxiv;
using DailyPapers.Collect.ArxivListings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Collect.ArxivListings;

/// <summary>A real DailyPapers host pointed at a <see cref="ListingServer"/>, with quick retries and a fresh store.</summary>
internal static class ListingHost
{
    /// <summary>Monday 2025-05-05 12:00 UTC: the newest announcement is Sunday evening 2025-05-04.</summary>
    public static readonly DateTimeOffset MondayNoon = new(2025, 5, 5, 12, 0, 0, TimeSpan.Zero);

    public static IHost Create(ListingServer server, string categories, IDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["DailyPapers:Store:Path"] = Path.Combine(TestPaths.NewTempFolder(), "store.db"),
            ["DailyPapers:HuggingFace:Enabled"] = "false",
            ["DailyPapers:Arxiv:ApiUrl"] = server.BaseUrl + "/api/query",
            ["DailyPapers:Arxiv:BaseUrl"] = server.BaseUrl,
            ["DailyPapers:Arxiv:PolitenessDelay"] = "00:00:00",
            ["DailyPapers:Arxiv:FullText"] = "false",
            ["DailyPapers:Sources:Arxiv:Categories"] = categories,
            ["DailyPapers:Sources:Arxiv:RssUrl"] = server.BaseUrl + "/rss",
            ["DailyPapers:Http:RetryBaseDelay"] = "00:00:00.050",
            ["DailyPapers:Http:AttemptTimeout"] = "00:00:30",
            ["DailyPapers:Http:MaxRetryDelay"] = "00:00:01",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDailyPapersCore();
        return builder.Build();
    }

    /// <summary>The host's listing source, but reading the clock given (the HTTP pipeline keeps the real one).</summary>
    public static ArxivListingSource Source(IHost host, DateTimeOffset now) =>
        new(host.Services.GetRequiredService<IHttpClientFactory>(), host.Services.GetRequiredService<ArxivClient>(),
            host.Services.GetRequiredService<IOptions<ArxivListingOptions>>(), new FakeTimeProvider(now));
}
