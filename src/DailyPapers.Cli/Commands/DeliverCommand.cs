using System.CommandLine;
using DailyPapers.Deliver;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers deliver</c>: sends a stored day to the configured channels (Slack, e-mail, Discord, Telegram, webhooks).</summary>
internal static class DeliverCommand
{
    public static Command Create(CliContext context)
    {
        var date = new Option<string>("--date") { Description = "The stored day to deliver, YYYY-MM-DD.", Required = true };
        var channel = new Option<string?>("--channel") { Description = "Deliver to this channel only (a name under DailyPapers:Channels); default: every enabled channel." };
        var resend = new Option<bool>("--resend") { Description = "Send every message again as a new one, even when it was delivered unchanged." };
        var store = new Option<string?>("--store") { Description = "The SQLite store file (default: DailyPapers:Store:Path)." };
        var command = new Command("deliver", "Deliver a stored day to the configured channels, once: a re-run sends nothing new, changed summaries are edited in place where the service allows.")
        {
            date, channel, resend, store,
        };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(date)!, parse.GetValue(channel), parse.GetValue(resend), parse.GetValue(store), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string dateText, string? channel, bool resend, string? storePath, CancellationToken ct)
    {
        var date = DateArgument.Parse(dateText);
        using var host = CliApp.BuildHost(context, storePath);
        var runner = host.Get<DeliveryRunner>();
        var err = context.Error;
        if (channel is null && runner.ChannelNames.Count == 0)
            throw new ArgumentException("no channel is configured: add one under DailyPapers:Channels:NAME (Kind, Url, Token, To, ...); see docs/delivery.md");
        var report = await runner.DeliverAsync(date, channel, resend, ct).ConfigureAwait(false);
        await err.WriteLineAsync($"dailypapers: delivered {date:yyyy-MM-dd} to {report.Channels.Count} channel(s), {report.Channels.Count(c => !c.Succeeded)} failed").ConfigureAwait(false);
        foreach (var c in report.Channels)
        {
            await err.WriteLineAsync($"  {c.Describe()}").ConfigureAwait(false);
            foreach (var f in c.Failures) await err.WriteLineAsync($"    FAILED {c.Channel}: {f}").ConfigureAwait(false);
        }
        return report.Succeeded ? CliApp.Ok : CliApp.PartialFailure;
    }
}
