using System.Diagnostics;
using System.Globalization;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Tests.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Benchmarks;

/// <summary>
/// Whole-run benchmark of a 7-day back-fill (2024-08-12..2024-08-18) through `fetch` against the loopback server that
/// replays the recorded Hugging Face and arXiv responses, with arXiv politeness off and at its default (3 s), side by side.
/// </summary>
internal static class BackfillBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {

        var politeness = args.Length == 2 && args[0] == "--politeness" ? TimeSpan.Parse(args[1], CultureInfo.InvariantCulture) : TimeSpan.FromSeconds(3);
        var data = FindSharedData();
        var from = new DateOnly(2024, 8, 12);
        var to = new DateOnly(2024, 8, 18);
        Console.WriteLine($"7-day back-fill {from:yyyy-MM-dd}..{to:yyyy-MM-dd} against a loopback server replaying {data}");
        Console.WriteLine("every paper gets an HTML rendering (the 2023 LaTeXML fixture, 515 KB), so full text costs one request per paper");
        Console.WriteLine();
        Console.WriteLine("| politeness | days stored | papers | HF requests | arXiv API requests | arXiv HTML/PDF requests | requests per paper | wall time |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        var results = new List<double>();
        foreach (var delay in new[] { TimeSpan.Zero, politeness })
        {
            await using var server = await LoopbackServer.StartAsync(data);
            server.HtmlForAll = "latexml_angular_momentum_2023.html";
            var store = Path.Combine(Path.GetTempPath(), "dailypapers-bench", Guid.NewGuid().ToString("n"), "store.db");
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["DailyPapers:Store:Path"] = store,
                ["DailyPapers:HuggingFace:BaseUrl"] = server.BaseUrl,
                ["DailyPapers:Arxiv:ApiUrl"] = server.BaseUrl + "/api/query",
                ["DailyPapers:Arxiv:BaseUrl"] = server.BaseUrl,
                ["DailyPapers:Arxiv:PolitenessDelay"] = delay.ToString("c", CultureInfo.InvariantCulture),
            });
            builder.AddDailyPapersCore();
            using var host = builder.Build();
            var fetcher = host.Services.GetRequiredService<DayFetcher>();

            var clock = Stopwatch.StartNew();
            var reports = await fetcher.FetchRangeAsync(from, to, null, null, CancellationToken.None);
            clock.Stop();

            var papers = reports.Sum(r => r.Papers);
            var hf = server.Count("/api/daily_papers");
            var api = server.Count("/api/query");
            var text = server.Count("/html/") + server.Count("/pdf/");
            var failures = reports.Sum(r => r.Warnings.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {delay.TotalSeconds:0.#} s | {reports.Count(r => r.Status == FetchStatus.Stored)} (+{reports.Count(r => r.Status == FetchStatus.NoPapers)} without papers) | {papers} | {hf} | {api} | {text} | {(hf + api + text) / (double)papers:0.00} | {clock.Elapsed.TotalSeconds:0.0} s |"));
            if (failures > 0) Console.WriteLine($"  ({failures} per-paper enrichment failures)");
            results.Add(clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"politeness {politeness.TotalSeconds:0.#} s / off: {results[1] / results[0]:0.0}x the wall time"));

        return 0;
    }

    private static string FindSharedData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
        throw new InvalidOperationException("cannot find the repository root (DailyPapers.slnx)");
    }

}
