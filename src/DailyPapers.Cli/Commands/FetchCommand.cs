using System.CommandLine;
using System.Globalization;
using DailyPapers.Collect;
using DailyPapers.Collect.HuggingFace;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using DailyPapers.Workers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers fetch</c>: store days (feed, arXiv metadata, full text, links) without summarizing.</summary>
internal static class FetchCommand
{
    public static Command Create(CliContext context)
    {
        var date = new Option<string?>("--date") { Description = "The day to fetch, YYYY-MM-DD." };
        var from = new Option<string?>("--from") { Description = "First day of a back-fill, YYYY-MM-DD (with --to)." };
        var to = new Option<string?>("--to") { Description = "Last day of a back-fill, YYYY-MM-DD, inclusive." };
        var source = new Option<string?>("--source") { Description = "Read saved API responses (a YYYY-MM-DD.json file or a folder of them) instead of the live Hugging Face API." };
        var store = new Option<string?>("--store") { Description = "The SQLite store file (default: DailyPapers:Store:Path)." };
        var force = new Option<bool>("--force") { Description = $"Allow a back-fill of more than {MaxDays} days." };
        var noWait = new Option<bool>("--no-wait") { Description = "With workers on (DailyPapers:Workers:Enabled): store the days, enqueue their enrichment and return without waiting for the workers." };
        var command = new Command("fetch", "Fetch days from the Hugging Face Daily Papers API, enrich them from arXiv and store them, without summarizing.")
        {
            date, from, to, source, store, force, noWait,
        };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(date), parse.GetValue(from), parse.GetValue(to), parse.GetValue(source), parse.GetValue(store), parse.GetValue(force), parse.GetValue(noWait), ct));
        return command;
    }

    /// <summary>The longest back-fill taken without <c>--force</c>: a year, so a typo cannot start millions of days.</summary>
    public const int MaxDays = 366;

    private static async Task<int> RunAsync(CliContext context, string? dateText, string? fromText, string? toText, string? sourcePath, string? storePath, bool force, bool noWait, CancellationToken ct)
    {
        var (first, last) = (dateText, fromText, toText) switch
        {
            ({ } d, null, null) => (DateArgument.Parse(d), DateArgument.Parse(d)),
            (null, { } f, { } t) => (DateArgument.Parse(f, "--from"), DateArgument.Parse(t, "--to")),
            _ => throw new ArgumentException("give either --date YYYY-MM-DD or both --from YYYY-MM-DD and --to YYYY-MM-DD"),
        };
        if (last < first) throw new ArgumentException($"--to {last:yyyy-MM-dd} is before --from {first:yyyy-MM-dd}");
        var days = last.DayNumber - first.DayNumber + 1;
        if (days > MaxDays && !force)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--from {first:yyyy-MM-dd} --to {last:yyyy-MM-dd} is {days:N0} days, more than {MaxDays}; fetch it in parts or add --force"));
        IDaySource? source = sourcePath is null ? null : new HuggingFaceFileSource(sourcePath);
        using var host = CliApp.BuildHost(context, storePath);
        var workers = host.Get<IOptions<WorkersOptions>>().Value.Enabled;
        if (!workers && noWait)
            throw new ArgumentException("--no-wait applies only with workers on (DailyPapers:Workers:Enabled=true); without workers the fetch runs in this process");
        var fetcher = host.Get<DayFetcher>();
        var err = context.Error;
        err.WriteLine($"dailypapers: fetching {days} day(s), {first:yyyy-MM-dd}..{last:yyyy-MM-dd}, from {source?.Name ?? fetcher.DefaultSourceName}{(workers ? ", enriched by the workers" : "")}");
        var progress = new ProgressPrinter(err, context.Interactive);
        var reports = new List<FetchReport>();
        var queued = new List<(int Index, EnqueuedRun Run)>();
        var queue = workers ? host.Get<DayQueue>() : null;
        for (var d = first; d <= last; d = d.AddDays(1))
        {
            if (days > 1) err.WriteLine($"dailypapers: day {reports.Count + 1}/{days}: {d:yyyy-MM-dd}");
            if (queue is null)
            {
                reports.Add(await fetcher.FetchAsync(d, source, progress, ct).ConfigureAwait(false));
                continue;
            }
            // With workers: the day is read and stored here, its enrichment (arXiv's batched metadata, then each paper's
            // full text) is enqueued; the run's last job records the fetch.
            var (run, report) = await queue.EnqueueFetchAsync(d, source, progress, ct).ConfigureAwait(false);
            if (run is null)
            {
                await host.Get<IFetchLog>().SaveFetchAsync(report!, ct).ConfigureAwait(false);
                reports.Add(report!);
                continue;
            }
            err.WriteLine(run.Joined
                ? $"dailypapers: {d:yyyy-MM-dd} is already being fetched by the workers as run {run.RunId}: following it"
                : $"dailypapers: enqueued run {run.RunId} of {d:yyyy-MM-dd}: {run.Jobs} enrich jobs for the workers");
            queued.Add((reports.Count, run));
            reports.Add(new FetchReport(d, FetchStatus.Stored, run.Day.Entries.Count, "enqueued; the workers enrich it") { Problems = run.Day.Problems });
        }
        if (queue is not null && noWait)
        {
            err.WriteLine($"dailypapers: --no-wait: {queued.Count} day(s) stored and enqueued; the workers enrich them and record each fetch");
            return Print(reports, err);
        }
        foreach (var (index, run) in queued)
        {
            var assembled = await queue!.WaitAsync(run.RunId, progress, ct).ConfigureAwait(false);
            var finished = await queue.GetRunAsync(run.RunId, ct).ConfigureAwait(false);
            reports[index] = await host.Get<DayPublisher>().FetchReportAsync(finished, assembled, ct).ConfigureAwait(false);
        }
        return Print(reports, err);
    }

    // The summary of a fetch, one line per day with its warnings; exit 1 when a day failed or a paper could not be enriched.
    private static int Print(List<FetchReport> reports, TextWriter err)
    {
        var stored = reports.Where(r => r.Status == FetchStatus.Stored).ToList();
        err.WriteLine($"dailypapers: {stored.Count} day(s) stored with {stored.Sum(r => r.Papers)} papers, {reports.Count(r => r.Status == FetchStatus.NoPapers)} without papers, {reports.Count(r => r.Status == FetchStatus.Failed)} failed");
        foreach (var r in reports)
        {
            err.WriteLine($"  {r.Date:yyyy-MM-dd}: {DayFetcher.Describe(r)}");
            foreach (var p in r.Problems) err.WriteLine($"    UNREADABLE {p}");
            foreach (var g in r.Warnings.GroupBy(w => (w.Stage, w.Message))) // one line per stage and reason
                err.WriteLine($"    WARNING {string.Join(", ", g.Select(w => w.ArxivId))} ({g.Key.Stage}): {g.Key.Message}");
        }
        return reports.Any(r => r.Status == FetchStatus.Failed || r.Warnings.Count > 0 || r.Problems.Count > 0) ? CliApp.PartialFailure : CliApp.Ok;
    }
}
