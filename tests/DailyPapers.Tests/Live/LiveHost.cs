using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Tests.Live;

/// <summary>A real DailyPapers host (AddDailyPapers) pointed at a loopback server, with a fresh SQLite store and quick retries.</summary>
internal static class LiveHost
{
    public static IHost Create(LoopbackServer server, string storePath, IDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["DailyPapers:Store:Path"] = storePath,
            ["DailyPapers:HuggingFace:BaseUrl"] = server.BaseUrl,
            ["DailyPapers:Arxiv:ApiUrl"] = server.BaseUrl + "/api/query",
            ["DailyPapers:Arxiv:BaseUrl"] = server.BaseUrl,
            ["DailyPapers:Arxiv:PolitenessDelay"] = "00:00:00",
            ["DailyPapers:Http:RetryBaseDelay"] = "00:00:00.050",
            // below the server's 60 s slow reply, far above a cold first request on a loaded machine (2 s was not: a first
            // request of a CI run timed out once and was retried)
            ["DailyPapers:Http:AttemptTimeout"] = "00:00:08",
            ["DailyPapers:Http:MaxRetryDelay"] = "00:00:02",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDailyPapersCore();
        return builder.Build();
    }

    public static T Get<T>(this IHost host) where T : notnull => host.Services.GetRequiredService<T>();

    public static string NewStore() => Path.Combine(TestPaths.NewTempFolder(), "store.db");
}
