using System.Diagnostics;
using System.Globalization;
using DailyPapers.Deliver;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Deliver;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Benchmarks;

/// <summary>
/// Delivery of one day of 30 papers (Korean summaries of three sections of about 250 characters, as the reference day has): by e-mail to N subscribers over a
/// real SMTP server on 127.0.0.1, and to Slack as a 31-message thread against the loopback Slack server; each delivery is
/// then run again, which must send nothing (duplicates counted from what the servers received).
/// </summary>
internal static class DeliveryBenchmark
{
    private static readonly DateOnly Day = new(2024, 8, 15);

    public static async Task<int> RunAsync(string[] args)
    {
        var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var folder = Path.Combine(Path.GetTempPath(), "dailypapers-bench", Guid.NewGuid().ToString("n"));
        var storePath = Path.Combine(folder, "store.db");
        await SeedAsync(storePath, subscribers);
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.ParseMessages = false;
        await using var slack = await ChatServer.StartAsync();
        using var host = Build(storePath, smtp.Url, slack.BaseUrl);
        var runner = host.Services.GetRequiredService<DeliveryRunner>();

        Console.WriteLine($"one day of 30 papers; {subscribers} e-mail subscribers over SMTP on 127.0.0.1 (SmtpServer in this process, envelopes kept); Slack thread against the loopback Web API");
        Console.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()}");
        var recordMs = await RecordCostAsync(host.Services.GetRequiredService<IDeliveryStore>());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one delivery record written (a SQLite transaction, WAL): {recordMs:0.00} ms; each message writes two"));
        Console.WriteLine();
        Console.WriteLine("| channel | run | messages sent | unchanged | received by the server | wall time | messages/s | allocated | peak working set (whole process) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var ok = true;
        foreach (var (channel, received) in new (string, Func<int>)[] { ("mail", () => smtp.Received.Count), ("team", () => slack.Messages.Count) })
        {
            foreach (var run in new[] { "first", "re-run" })
            {
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var report = await runner.DeliverAsync(Day, channel, resend: false, CancellationToken.None);
                clock.Stop();
                var c = report.Channels.Single();
                ok &= c.Succeeded;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {channel} ({c.Kind}) | {run} | {c.Sent} | {c.Unchanged} | {received()} | {clock.Elapsed.TotalSeconds:0.00} s | {(c.Sent == 0 ? "-" : (c.Sent / clock.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture))} | {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:0} MB | {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB |"));
                foreach (var f in c.Failures.Take(5)) Console.WriteLine($"  FAILED {f}");
            }
        }
        var duplicates = smtp.Received.Count - smtp.Received.SelectMany(r => r.To).Distinct(StringComparer.OrdinalIgnoreCase).Count()
            + slack.Messages.Count - slack.Messages.Select(m => m.Body["blocks"]!.ToJsonString()).Distinct().Count();
        if (!smtp.Received.IsEmpty) Console.WriteLine($"e-mail size: {smtp.Received.Average(r => r.Size) / 1024:0} KB each (HTML and text parts)");
        Console.WriteLine();
        Console.WriteLine($"duplicates received after the re-runs: {duplicates}");
        Directory.Delete(folder, recursive: true);
        return ok && duplicates == 0 ? 0 : 1;
    }

    private static IHost Build(string store, string smtpUrl, string slackUrl)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DailyPapers:Store:Path"] = store,
            ["DailyPapers:Delivery:Secret"] = "bench-secret",
            ["DailyPapers:Delivery:PublicUrl"] = "https://papers.example.org",
            ["DailyPapers:Channels:mail:Kind"] = "email",
            ["DailyPapers:Channels:mail:Url"] = smtpUrl,
            ["DailyPapers:Channels:mail:From"] = "digest@example.org",
            ["DailyPapers:Channels:team:Kind"] = "slack",
            ["DailyPapers:Channels:team:Url"] = slackUrl + "/api",
            ["DailyPapers:Channels:team:Token"] = ChatServer.SlackToken,
            ["DailyPapers:Channels:team:To"] = "C0123",
        });
        builder.AddDailyPapersCore();
        builder.Services.AddDailyPapersDelivery();
        return builder.Build();
    }

    private static async Task SeedAsync(string path, int subscribers)
    {
        var store = new SqlitePaperStore(path);
        var entries = Enumerable.Range(0, 30).Select(i => new DailyEntry
        {
            Date = Day, FeedOrder = i, Upvotes = 60 - i,
            Paper = new Paper
            {
                ArxivId = $"2408.{10000 + i}", Title = $"Paper {i + 1}: a method for <efficient> & robust learning",
                Authors = ["A. Author", "B. Author", "C. Author"], Abstract = "We propose a method. It works well.",
            },
        }).ToList();
        await store.SaveDayAsync(new DayFeed(Day, entries, []), CancellationToken.None);
        var origin = new SummaryOrigin("bench", "hand-written", "v1");
        var text = string.Concat(Enumerable.Repeat("이 논문은 효율적이고 견고한 학습 방법을 제안하며 여러 벤치마크에서 성능을 보여줍니다. ", 5));
        foreach (var e in entries)
        {
            await store.SaveSummaryAsync(SummaryKey.For(e.Paper, origin, "ko"), new Summary
            {
                ArxivId = e.Paper.ArxivId, Language = "ko", Origin = origin,
                Sections = [new(SectionNames.WhatsNew, text), new(SectionNames.TechnicalDetails, text), new(SectionNames.PerformanceHighlights, text)],
            }, CancellationToken.None);
        }
        for (var i = 0; i < subscribers; i++)
            await store.AddSubscriberAsync("mail", $"reader{i:D4}@example.org", CancellationToken.None);
    }

    private static async Task<double> RecordCostAsync(IDeliveryStore store)
    {
        const int n = 200;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
            await store.SaveDeliveryAsync(new DeliveryRecord("probe", Day, "ko", $"to:{i}", "h", DeliveryState.Sent, null, null, DateTimeOffset.UtcNow), CancellationToken.None);
        return clock.Elapsed.TotalMilliseconds / n;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
