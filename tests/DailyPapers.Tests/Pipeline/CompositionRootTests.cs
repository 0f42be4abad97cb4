using DailyPapers.Collect;
using DailyPapers.Hosting;
using DailyPapers.Llm;
using DailyPapers.Pipeline;
using DailyPapers.Summarize;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Tests.Pipeline;

/// <summary>What the one composition root gives every host.</summary>
public sealed class CompositionRootTests
{
    private static IHost Build(Dictionary<string, string?> settings, string? storePath = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(OfflineSettings.With(OfflineSettings.Off, settings));
        builder.AddDailyPapers(storePath);
        return builder.Build();
    }

    [Fact]
    public void A_configured_provider_is_the_default_summarizer_and_asks_for_its_concurrency()
    {
        // Given only DailyPapers:Llm:Provider and MaxConcurrency set
        using var host = Build(new() { ["DailyPapers:Llm:Provider"] = "ollama", ["DailyPapers:Llm:MaxConcurrency"] = "3" });

        // When a run names no summarizer
        var chosen = host.Services.GetRequiredService<SummarizerCatalog>().Get(null);

        // Then the provider's summarizer is chosen, asking for twice its call limit in papers (the gate holds calls at 3)
        Assert.Equal("ollama", chosen.Name);
        Assert.Equal(LlmSummarizer.RunnerConcurrency(3), chosen.MaxConcurrency);
        Assert.Equal(6, chosen.MaxConcurrency);
    }

    [Fact]
    public void Without_a_provider_the_offline_summarizer_is_the_default_one_paper_at_a_time()
    {
        using var host = Build([]);

        var chosen = host.Services.GetRequiredService<SummarizerCatalog>().Get(null);

        Assert.Equal("extractive", chosen.Name);
        Assert.Equal(1, chosen.MaxConcurrency);
    }

    [Fact]
    public void The_store_override_replaces_the_configured_path_and_is_refused_with_another_provider()
    {
        var folder = TestPaths.NewTempFolder();
        using var host = Build(new() { ["DailyPapers:Store:Path"] = Path.Combine(folder, "configured.db") }, Path.Combine(folder, "override.db"));
        Assert.Equal(Path.Combine(folder, "override.db"), host.Services.GetRequiredService<IConfiguration>()["DailyPapers:Store:Path"]);

        var refused = Assert.Throws<ArgumentException>(() => Build(new() { ["DailyPapers:Store:Provider"] = "postgres" }, Path.Combine(folder, "x.db")));
        Assert.Contains("--store names a SQLite file, but the store provider is 'postgres'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_day_fetcher_reads_the_live_source_registered_under_its_key()
    {
        using var host = Build(new() { ["DailyPapers:HuggingFace:BaseUrl"] = "http://127.0.0.1:1" });

        var fetcher = host.Services.GetRequiredService<DayFetcher>();

        Assert.Equal(host.Services.GetRequiredKeyedService<IDaySource>(DaySources.Live).Name, fetcher.DefaultSourceName);
        Assert.Equal("http://127.0.0.1:1/api/daily_papers", fetcher.DefaultSourceName);
    }
}
