using System.Diagnostics;
using DailyPapers.Papers;
using DailyPapers.Summarize.Extractive;
using DailyPapers.Summarize.Extractive.Model;

namespace DailyPapers.Benchmarks;

/// <summary>
/// Abstracts classified and summarized per second, single-threaded, over all CSAbstruct test abstracts (joined back
/// into abstract text, so sentence splitting is timed too), for the trained model and the rule-based fallback side by side.
/// </summary>
internal static class SummarizerThroughput
{
    public static int Run(string[] args)
    {
        var data = args.Length > 0 ? args[0] : Path.Combine(FindRepoRoot(), "..", "shared", "data", "csabstruct");
        var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var papers = CsAbstruct.Read(Path.Combine(data, "test.jsonl"))
            .Select((a, i) => new Paper { ArxivId = $"csabstruct-test-{i}", Title = $"test abstract {i}", Abstract = string.Join(" ", a.Sentences) })
            .ToList();
        Console.WriteLine($"{papers.Count} CSAbstruct test abstracts, {rounds} timed rounds each, one thread, {Environment.ProcessorCount} cores visible, .NET {Environment.Version}");

        var trained = Measure("trained CRF + word vectors (default)", new ExtractiveSummarizer(TrainedRoleClassifier.Default), papers, rounds);
        var rules = Measure("rule-based fallback", new ExtractiveSummarizer(new RuleBasedRoleClassifier()), papers, rounds);
        Console.WriteLine($"ratio trained / rules: {trained / rules:0.00}");
        return 0;
    }

    private static double Measure(string name, ExtractiveSummarizer summarizer, List<Paper> papers, int rounds)
    {
        var sections = 0;
        // Warm-up long enough for tiered compilation to reach optimized code (it recompiles hot methods after ~100 ms).
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(2))
            foreach (var p in papers) sections += summarizer.Summarize(p).Sections.Count;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < rounds; r++)
            foreach (var p in papers) sections += summarizer.Summarize(p).Sections.Count;
        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var count = papers.Count * rounds;
        var perSecond = count / watch.Elapsed.TotalSeconds;
        // CPU time is printed too: on a shared machine, wall time also counts the moments other processes hold the core.
        Console.WriteLine($"{name,-24} {perSecond,10:N0} abstracts/s wall, {count / cpu.TotalSeconds,10:N0} per CPU-second  ({watch.Elapsed.TotalMilliseconds / count:0.000} ms each; {sections} sections made)");
        return perSecond;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (DailyPapers.slnx) above " + AppContext.BaseDirectory + "; pass the CSAbstruct folder as the first argument");
    }
}
