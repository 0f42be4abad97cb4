using System.CommandLine;
using DailyPapers.Workers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers worker</c>: a Hangfire server running the day jobs queued in the PostgreSQL store, until Ctrl-C.</summary>
internal static class WorkerCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("worker", "Run the queued jobs (enrich, summarize and verify each paper, publish the day) until Ctrl-C; needs DailyPapers:Workers:Enabled=true and the PostgreSQL store. Start one on each machine.");
        command.SetAction(async (parse, ct) =>
        {
            // The same configuration as every other command; the Hangfire server is what makes this process a worker.
            using var host = CliApp.BuildHost(context, configure: b => b.Services.AddDailyPapersWorkerServer());
            var o = host.Get<IOptions<WorkersOptions>>().Value;
            if (!o.Enabled)
                throw new InvalidOperationException($"worker needs {WorkersRegistration.Section}:Enabled=true (DAILYPAPERS__WORKERS__ENABLED=true) and the PostgreSQL store (DailyPapers:Store:Provider=postgres)");
            await context.Error.WriteLineAsync($"dailypapers: worker {Environment.MachineName} (pid {Environment.ProcessId}) on queue '{o.Queue}', {o.WorkerCount} jobs at once; Ctrl-C stops it").ConfigureAwait(false);
            await host.StartAsync(ct).ConfigureAwait(false);
            await context.Error.WriteLineAsync("dailypapers: worker started").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C or SIGTERM: the normal way to stop a worker; its running jobs are handed back to the queue.
            }
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await context.Error.WriteLineAsync("dailypapers: worker stopped").ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }
}
