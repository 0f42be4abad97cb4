using DailyPapers.Llm;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Llm;

/// <summary>The real DailyPapers host (store, runner, LLM summarizers) configured to talk to a loopback model server.</summary>
internal sealed class LlmTestHost : IDisposable
{
    private readonly IHost _host;

    private LlmTestHost(IHost host, string storePath, string provider)
    {
        _host = host;
        StorePath = storePath;
        Provider = provider;
    }

    public string Provider { get; }

    public string StorePath { get; }
    public DigestRunner Runner => _host.Services.GetRequiredService<DigestRunner>();
    public IPaperStore Store => _host.Services.GetRequiredService<IPaperStore>();
    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Fast retries so fault tests take seconds, and an attempt timeout long enough that a loaded CI machine does
    /// not turn a slow loopback reply into a retry (one more request spoils exact counts); tests of slow replies set their
    /// own. <paramref name="settings"/> override any key under DailyPapers:Llm.</summary>
    public static LlmTestHost Create(ScriptedModelServer server, string provider, IDictionary<string, string?>? settings = null, string? storePath = null)
    {
        storePath ??= Path.Combine(TestPaths.NewTempFolder(), "store.db");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        // No test reaches the internet: the day comes from the bundled sample, no arXiv enrichment.
        var config = new Dictionary<string, string?>(OfflineSettings.Off)
        {
            ["DailyPapers:Store:Path"] = storePath,
            ["DailyPapers:Llm:Provider"] = provider,
            ["DailyPapers:Llm:Endpoint"] = provider == LlmProviders.OpenAI ? server.OpenAIEndpoint : server.BaseUrl,
            ["DailyPapers:Llm:Model"] = "scripted-model",
            ["DailyPapers:Llm:ApiKey"] = "sk-test-not-a-real-key",
            ["DailyPapers:Llm:RetryDelay"] = "00:00:00.020",
            ["DailyPapers:Llm:Timeout"] = "00:00:30",
            ["DailyPapers:Llm:MaxRetries"] = "3",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
            config["DailyPapers:Llm:" + k] = v;
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddDailyPapersCore();
        builder.AddDailyPapersLlm();
        return new LlmTestHost(builder.Build(), storePath, provider);
    }

    /// <summary>Runs the bundled 2024-08-15 day through the configured provider.</summary>
    public Task<DigestResult> RunSampleDayAsync(params string[] languages) =>
        Runner.RunAsync(new DigestRequest(new DateOnly(2024, 8, 15), languages.Length == 0 ? ["ko"] : languages) { Summarizer = Provider }, null, CancellationToken.None);

    /// <summary>The one outcome of a paper in a report.</summary>
    public static PaperOutcome Outcome(RunReport report, string arxivId, string language = "ko") =>
        Assert.Single(report.Outcomes, o => o.ArxivId == arxivId && o.Language == language);

    public void Dispose() => _host.Dispose();
}
