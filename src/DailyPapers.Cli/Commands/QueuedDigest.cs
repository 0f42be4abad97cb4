using DailyPapers.Pipeline;
using DailyPapers.Publish;
using DailyPapers.Publish.Markdown;
using DailyPapers.Workers;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Cli.Commands;

/// <summary><c>digest</c> with workers on: enqueue the day's jobs, then (unless <c>--no-wait</c>) follow them and print the result.</summary>
internal static class QueuedDigest
{
    public static async Task<int> RunAsync(CliContext context, IHost host, DigestRequest request, string? outPath, bool wait, CancellationToken ct)
    {
        var err = context.Error;
        var queue = host.Get<DayQueue>();
        var progress = new ProgressPrinter(err, context.Interactive);
        var run = await queue.EnqueueAsync(request, outPath, progress, ct).ConfigureAwait(false);
        err.WriteLine(run.Joined
            ? $"dailypapers: {request.Date:yyyy-MM-dd} is already queued with the same request as run {run.RunId}: following it (nothing enqueued again)"
            : $"dailypapers: enqueued run {run.RunId} of {request.Date:yyyy-MM-dd}: {run.Jobs} jobs for the workers ({run.Day.Entries.Count} papers)");
        if (!wait)
        {
            err.WriteLine($"dailypapers: --no-wait: the worker that finishes the last job publishes the day{(outPath is null ? "" : $" and writes {Path.GetFullPath(outPath)}")}");
            return CliApp.Ok;
        }
        var result = await queue.WaitAsync(run.RunId, progress, ct).ConfigureAwait(false);
        if (outPath is null)
        {
            var markdown = string.Concat(result.Digests.Select(d => MarkdownPublisher.Render(PublishedDay.From(d))));
            await context.Out.WriteAsync(markdown.AsMemory(), ct).ConfigureAwait(false);
            await context.Out.FlushAsync(ct).ConfigureAwait(false);
        }
        else
        {
            err.WriteLine($"dailypapers: the workers wrote {outPath}");
        }
        return ReportPrinter.Print(result.Report, err);
    }
}
