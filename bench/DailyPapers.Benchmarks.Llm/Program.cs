using System.Diagnostics;
using System.Globalization;
using DailyPapers;
using DailyPapers.Benchmarks.Llm;
using DailyPapers.Collect;
using DailyPapers.Collect.HuggingFace;
using DailyPapers.Llm;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Summarize;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Whole-run benchmark of the LLM path: 50 real papers through DigestRunner -> LlmSummarizer -> OpenAI SDK -> a loopback
// server with a fixed reply latency. Not a test; run it with:
//   dotnet run -c Release --project bench/DailyPapers.Benchmarks.Llm [-- --papers 50 --concurrency 8 --latency-ms 200 --repeats 3]
var papers = Arg("--papers", 50);
var concurrency = Arg("--concurrency", 8);
var latencyMs = Arg("--latency-ms", 200);
var repeats = Arg("--repeats", 3);
var day = await FiftyPapersAsync(papers);
var folder = Path.Combine(Path.GetTempPath(), "dailypapers-bench-llm", Guid.NewGuid().ToString("n"));
Directory.CreateDirectory(folder);
await using var server = new FixedLatencyServer(TimeSpan.FromMilliseconds(latencyMs));

// Warm-up (JIT, connection pool, SQLite schema) on a separate model name so the measured runs find no cached summary.
await RunAsync("warmup", concurrency);
await SummarizerOnlyAsync("warmup-direct", concurrency);
var ideal = Math.Ceiling(papers / (double)concurrency) * latencyMs;
var ratios = new List<double>();
Console.WriteLine($"{papers} papers, concurrency {concurrency}, reply latency {latencyMs} ms; ideal ceil({papers}/{concurrency}) x {latencyMs} ms = {ideal:0} ms");
for (var i = 1; i <= repeats; i++)
{
    var ms = await RunAsync($"measured-{i}", concurrency);
    ratios.Add(ms / ideal);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {i}: wall {ms:0} ms, ratio {ms / ideal:0.000}"));
}
ratios.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"whole run (DigestRunner + SQLite store): median ratio wall/ideal = {ratios[ratios.Count / 2]:0.000} (goal <= 1.03)"));
var direct = new List<double>();
for (var i = 1; i <= repeats; i++)
{
    var ms = await SummarizerOnlyAsync($"direct-{i}", concurrency);
    direct.Add(ms / ideal);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  summarizer only, run {i}: wall {ms:0} ms, ratio {ms / ideal:0.000}"));
}
direct.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"summarizer only (LlmSummarizer, no store): median ratio wall/ideal = {direct[direct.Count / 2]:0.000}"));

// Overhead outside the model call: the same run with no reply latency and one call at a time.
server.Latency = TimeSpan.Zero;
await RunAsync("overhead-warmup", 1);
var overheads = new List<double>();
for (var i = 1; i <= repeats; i++)
    overheads.Add(await RunAsync($"overhead-{i}", 1) / papers);
overheads.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"overhead per paper outside the model call (0 ms latency, sequential, whole run incl. SQLite reads and write): median {overheads[overheads.Count / 2]:0.00} ms (runs: {string.Join(", ", overheads.Select(o => o.ToString("0.00", CultureInfo.InvariantCulture)))})"));
var directOverheads = new List<double>();
for (var i = 1; i <= repeats; i++)
    directOverheads.Add(await SummarizerOnlyAsync($"direct-overhead-{i}", 1) / papers);
directOverheads.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  of which the summarizer itself (prompt, tokenizer, OpenAI SDK, HTTP over loopback, parse; no store): median {directOverheads[directOverheads.Count / 2]:0.00} ms"));
Console.WriteLine($"load average while measuring: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")} on {Environment.ProcessorCount} cores");
Directory.Delete(folder, recursive: true);
return 0;

async Task<double> SummarizerOnlyAsync(string model, int maxConcurrency)
{
    using var host = BuildHost(model, maxConcurrency);
    var summarizer = host.Services.GetRequiredService<SummarizerCatalog>().Get("openai");
    var before = server.Calls;
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(day.Entries, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency },
        async (e, ct) => await summarizer.SummarizeAsync(new SummaryRequest(e.Paper, "ko"), ct));
    var ms = clock.Elapsed.TotalMilliseconds;
    if (server.Calls - before != papers) throw new InvalidOperationException($"{server.Calls - before} calls, expected {papers}");
    return ms;
}

async Task<double> RunAsync(string model, int maxConcurrency)
{
    using var host = BuildHost(model, maxConcurrency);
    var runner = host.Services.GetRequiredService<DigestRunner>();
    var before = server.Calls;
    server.ResetWindow();
    var start = Stopwatch.GetTimestamp();
    var clock = Stopwatch.StartNew();
    var result = await runner.RunAsync(new DigestRequest(day.Date, ["ko"]) { Source = new FixedSource(day), Summarizer = "openai" }, null, CancellationToken.None);
    var ms = clock.Elapsed.TotalMilliseconds;
    if (!result.Report.Succeeded || server.Calls - before != papers)
        throw new InvalidOperationException($"run {model}: {result.Report.Failed.Count()} failed, {server.Calls - before} calls (expected {papers}): {result.Report.Failed.FirstOrDefault()?.Reason}");
    var (first, last) = server.Window;
    if (model.StartsWith("measured", StringComparison.Ordinal))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"    {model}: before the first call {Stopwatch.GetElapsedTime(start, first).TotalMilliseconds:0} ms (collect, store the day), model-call window {Stopwatch.GetElapsedTime(first, last).TotalMilliseconds:0} ms, after the last reply {ms - Stopwatch.GetElapsedTime(start, last).TotalMilliseconds:0} ms (verify, store, report)"));
    return ms;
}

IHost BuildHost(string model, int maxConcurrency)
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
    builder.Logging.ClearProviders();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["DailyPapers:Store:Path"] = Path.Combine(folder, "store.db"),
        // Offline: the papers come from the prepared day, no arXiv enrichment.
        ["DailyPapers:HuggingFace:Enabled"] = "false",
        ["DailyPapers:Arxiv:Metadata"] = "false",
        ["DailyPapers:Arxiv:FullText"] = "false",
        ["DailyPapers:Llm:Provider"] = "openai",
        ["DailyPapers:Llm:Endpoint"] = server.BaseUrl + "/v1",
        ["DailyPapers:Llm:Model"] = model,
        ["DailyPapers:Llm:ApiKey"] = "bench",
        ["DailyPapers:Llm:MaxConcurrency"] = maxConcurrency.ToString(CultureInfo.InvariantCulture),
    });
    builder.AddDailyPapersCore();
    builder.AddDailyPapersLlm();
    return builder.Build();
}

// The first N distinct papers of the real 2024 feed files in ../shared/data, as one day.
static async Task<DayFeed> FiftyPapersAsync(int count)
{
    var folder = FindSharedData();
    var source = new HuggingFaceFileSource(folder);
    var entries = new List<DailyEntry>();
    foreach (var file in Directory.GetFiles(folder, "2024-0*.json").Order(StringComparer.Ordinal))
    {
        var date = DateOnly.ParseExact(Path.GetFileNameWithoutExtension(file), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var e in (await source.GetDayAsync(date, CancellationToken.None)).Entries)
        {
            if (entries.Count == count) break;
            if (entries.All(x => x.Paper.ArxivId != e.Paper.ArxivId))
                entries.Add(e with { Date = new DateOnly(2024, 8, 15), FeedOrder = entries.Count });
        }
    }
    if (entries.Count < count) throw new InvalidOperationException($"only {entries.Count} papers in {folder}");
    return new DayFeed(new DateOnly(2024, 8, 15), entries, []);
}

static string FindSharedData()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "..", "shared", "data", "hf_daily_papers", "raw_2024");
        if (File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx")) && Directory.Exists(candidate)) return Path.GetFullPath(candidate);
    }
    throw new DirectoryNotFoundException("../shared/data/hf_daily_papers/raw_2024 beside the repository is missing");
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>Serves the prepared day.</summary>
internal sealed class FixedSource(DayFeed day) : IDaySource
{
    public string Name => "benchmark papers";
    public Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken) => Task.FromResult(day);
    public Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) => Task.FromResult<DateOnly?>(day.Date);
}
