using DailyPapers.Papers;

namespace DailyPapers.Cli;

/// <summary>Prints a run report on stderr and turns it into the exit code.</summary>
internal static class ReportPrinter
{
    public static int Print(RunReport report, TextWriter err)
    {
        var done = report.Outcomes.Count(o => o.Status == PaperStatus.Done);
        var reused = report.Outcomes.Count(o => o.Status == PaperStatus.Done && o.Reused);
        var failed = report.Failed.ToList();
        err.WriteLine($"dailypapers: {report.Date:yyyy-MM-dd}: {done} summarized ({reused} reused from the store), {failed.Count} failed, {report.Problems.Count} unreadable feed records");
        if (report.Usage is { Calls: > 0 } usage)
        {
            var cost = usage.EstimatedCost is { } c
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"estimated cost ${c:0.####}")
                : "cost unknown (set DailyPapers:Llm:InputPricePerMillionTokens and OutputPricePerMillionTokens)";
            err.WriteLine($"dailypapers: model usage: {usage.Calls} calls, {usage.InputTokens} input + {usage.OutputTokens} output tokens, {cost}");
        }
        if (report.Cascade is { } split)
        {
            static string Money(decimal? d) => d is { } v ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"${v:0.####}") : "unknown";
            var all = split.EstimatedAllModelCost is null
                ? "all-LLM cost unknown (no priced model call this run)"
                : $"{Money(split.EstimatedAllModelCost)} to summarize all {split.ModelPapers + split.OfflinePapers} with the model";
            err.WriteLine($"dailypapers: cost cascade (--top {split.Top}, ranked by {split.RankedBy}): {split.ModelPapers} paper(s) with {split.Model}, {split.OfflinePapers} with the offline '{split.Offline}' summarizer; estimated cost {Money(split.EstimatedCost)} vs {all}");
        }
        foreach (var f in failed)
            err.WriteLine($"  FAILED {f.ArxivId} [{f.Language}] {f.Title}: {f.Reason}");
        foreach (var p in report.Problems)
            err.WriteLine($"  UNREADABLE {p}");
        // One line per stage and reason: an offline run would otherwise repeat "host unreachable" for every paper.
        foreach (var g in report.Warnings.GroupBy(w => (w.Stage, w.Message)))
            err.WriteLine(g.Count() == 1
                ? $"  WARNING {g.First().ArxivId} ({g.Key.Stage}): {g.Key.Message}"
                : $"  WARNING {string.Join(", ", g.Select(w => w.ArxivId))} ({g.Key.Stage}): {g.Key.Message}");
        return report.Succeeded ? CliApp.Ok : CliApp.PartialFailure;
    }
}
