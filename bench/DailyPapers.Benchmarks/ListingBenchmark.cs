using System.Diagnostics;
using System.Globalization;
using DailyPapers.Collect.ArxivListings;
using DailyPapers.Llm;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using DailyPapers.Tests.Collect.ArxivListings;
using DailyPapers.Tests.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Benchmarks;

/// <summary>
/// A 600-paper arXiv listing day (real records of ../shared/data/arxiv_listings served as one RSS feed on loopback):
/// parse and store it, then digest it with the cost cascade (--top 30) against the scripted model server answering
/// each call after a fixed latency, re-run it, and summarize every paper with the model, side by side.
/// </summary>
internal static class ListingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        var papers = Arg("--papers", 600);
        var top = Arg("--top", 30);
        var latency = TimeSpan.FromMilliseconds(Arg("--latency-ms", 200));
        var records = ListingServer.AllRecords().Take(papers).ToList();
        if (records.Count < papers) throw new InvalidOperationException($"the listings hold {records.Count} unique papers, fewer than {papers}");

        await using var listings = await ListingServer.StartAsync();
        listings.FeedBytes["cs.CV"] = ListingServer.BuildFeed("cs.CV", "Mon, 05 May 2025 00:00:00 -0400", records);
        await using var model = await ScriptedModelServer.StartAsync();
        model.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson()).After(latency);
        var store = Path.Combine(Path.GetTempPath(), "dailypapers-bench", Guid.NewGuid().ToString("n"), "store.db");
        using var host = Build(listings, model, store);
        var sunday = new DateOnly(2025, 5, 4);
        var source = new ArxivListingSource(host.Services.GetRequiredService<IHttpClientFactory>(), host.Services.GetRequiredService<DailyPapers.Collect.Arxiv.ArxivClient>(),
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ArxivListingOptions>>(), new FixedClock(new DateTimeOffset(2025, 5, 5, 12, 0, 0, TimeSpan.Zero)));

        Console.WriteLine($"{papers}-paper arXiv listing day (real records, one RSS feed on loopback); model server replies after {latency.TotalMilliseconds:0} ms; input $2, output $8 per million tokens");
        Console.WriteLine();

        // 1. Parse and store (twice: the first includes JIT and the store's schema)
        var parse = new List<double>();
        DayFeed day = null!;
        for (var i = 0; i < 2; i++)
        {
            var sw = Stopwatch.StartNew();
            day = await source.GetDayAsync(sunday, CancellationToken.None);
            await host.Services.GetRequiredService<IPaperStore>().SaveDayAsync(day, CancellationToken.None);
            parse.Add(sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parse + store {day.Entries.Count} papers: {parse[0]:0.00} s cold, {parse[1]:0.00} s warm (goal: under 5 s)"));
        Console.WriteLine();

        // 2. The cascade, its re-run, and every paper with the model
        Console.WriteLine("| run | model calls | offline papers | wall time | estimated cost | all-LLM estimate |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var runner = host.Services.GetRequiredService<DigestRunner>();
        var request = new DigestRequest(sunday, ["ko"]) { Summarizer = LlmProviders.OpenAI };
        double first = 0;
        foreach (var (name, topN) in new[] { ($"--top {top}", (int?)top), ($"--top {top} again", top), ($"all with the model (top {top} reused)", null) })
        {
            var before = model.Requests.Count;
            var sw = Stopwatch.StartNew();
            var result = await runner.RunAsync(request with { Top = topN }, null, CancellationToken.None);
            var wall = sw.Elapsed.TotalSeconds;
            if (first == 0) first = wall;
            var calls = model.Requests.Count - before;
            var split = result.Report.Cascade;
            var cost = result.Report.Usage.EstimatedCost;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {calls} | {split?.OfflinePapers.ToString(CultureInfo.InvariantCulture) ?? "0"} | {wall:0.0} s ({wall / first:0.00}x) | ${cost:0.0000} | {(split?.EstimatedAllModelCost is { } all ? $"${all:0.0000}" : "-")} |"));
            if (result.Report.Failed.Any())
                Console.WriteLine($"  {result.Report.Failed.Count()} failed, e.g. {result.Report.Failed.First().Reason}");
        }
        return 0;
    }

    private static IHost Build(ListingServer listings, ScriptedModelServer model, string store)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DailyPapers:Store:Path"] = store,
            ["DailyPapers:HuggingFace:Enabled"] = "false",
            ["DailyPapers:Arxiv:ApiUrl"] = listings.BaseUrl + "/api/query",
            ["DailyPapers:Arxiv:Metadata"] = "false",
            ["DailyPapers:Arxiv:FullText"] = "false",
            ["DailyPapers:Sources:Arxiv:Categories"] = "cs.CV",
            ["DailyPapers:Sources:Arxiv:RssUrl"] = listings.BaseUrl + "/rss",
            ["DailyPapers:Llm:Provider"] = LlmProviders.OpenAI,
            ["DailyPapers:Llm:Endpoint"] = model.OpenAIEndpoint,
            ["DailyPapers:Llm:Model"] = "scripted-model",
            ["DailyPapers:Llm:ApiKey"] = "sk-bench-not-a-real-key",
            ["DailyPapers:Llm:InputPricePerMillionTokens"] = "2",
            ["DailyPapers:Llm:OutputPricePerMillionTokens"] = "8",
            ["DailyPapers:Llm:Timeout"] = "00:00:30",
        });
        builder.AddDailyPapersCore();
        builder.AddDailyPapersLlm();
        return builder.Build();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
