using System.CommandLine;
using DailyPapers.Deliver;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers subscribers add|remove|list</c>: the addresses an e-mail channel sends to besides its <c>To</c>.</summary>
internal static class SubscribersCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("subscribers", "Manage the subscribers of an e-mail channel (DailyPapers:Channels:NAME with Kind email).");
        command.Subcommands.Add(Change(context, "add", "Add addresses to an e-mail channel's list."));
        command.Subcommands.Add(Change(context, "remove", "Remove addresses from an e-mail channel's list."));
        var channel = new Argument<string?>("channel") { Description = "The e-mail channel; default: every list.", Arity = ArgumentArity.ZeroOrOne };
        var store = StoreOption();
        var list = new Command("list", "List the subscribers (of one channel, or of every list).") { channel, store };
        list.SetAction((parse, ct) => ListAsync(context, parse.GetValue(channel), parse.GetValue(store), ct));
        command.Subcommands.Add(list);
        return command;
    }

    private static Option<string?> StoreOption() => new("--store") { Description = "The SQLite store file (default: DailyPapers:Store:Path)." };

    private static Command Change(CliContext context, string name, string description)
    {
        var channel = new Argument<string>("channel") { Description = "The e-mail channel (a name under DailyPapers:Channels)." };
        var emails = new Argument<string[]>("email") { Description = "One or more e-mail addresses.", Arity = ArgumentArity.OneOrMore };
        var store = StoreOption();
        var command = new Command(name, description) { channel, emails, store };
        command.SetAction((parse, ct) => ChangeAsync(context, name == "add", parse.GetValue(channel)!, parse.GetValue(emails)!, parse.GetValue(store), ct));
        return command;
    }

    private static async Task<int> ChangeAsync(CliContext context, bool add, string channel, string[] emails, string? storePath, CancellationToken ct)
    {
        using var host = CliApp.BuildHost(context, storePath);
        var list = EmailChannelName(host.Get<IOptions<DeliveryOptions>>().Value, channel);
        var bad = emails.Where(e => !MimeKit.MailboxAddress.TryParse(e, out var m) || m.Address != e.Trim() || !e.Contains('@', StringComparison.Ordinal)).ToList();
        if (bad.Count > 0) throw new ArgumentException($"not an e-mail address: {string.Join(", ", bad)}");
        var store = host.Get<IDeliveryStore>();
        foreach (var email in emails.Select(e => e.Trim()))
        {
            var changed = add ? await store.AddSubscriberAsync(list, email, ct).ConfigureAwait(false) : await store.RemoveSubscriberAsync(list, email, ct).ConfigureAwait(false);
            await context.Error.WriteLineAsync(add
                ? $"{email}: {(changed ? "added to" : "already on")} {list}"
                : $"{email}: {(changed ? "removed from" : "was not on")} {list}").ConfigureAwait(false);
        }
        return CliApp.Ok;
    }

    private static async Task<int> ListAsync(CliContext context, string? channel, string? storePath, CancellationToken ct)
    {
        using var host = CliApp.BuildHost(context, storePath);
        var list = channel is null ? null : EmailChannelName(host.Get<IOptions<DeliveryOptions>>().Value, channel);
        foreach (var s in await host.Get<IDeliveryStore>().GetSubscribersAsync(list, ct).ConfigureAwait(false))
            await context.Out.WriteLineAsync($"{s.List}\t{s.Email}\t{s.AddedAt:yyyy-MM-dd}").ConfigureAwait(false);
        return CliApp.Ok;
    }

    private static string EmailChannelName(DeliveryOptions o, string channel)
    {
        var match = o.Channels.FirstOrDefault(c => c.Key.Equals(channel, StringComparison.OrdinalIgnoreCase));
        if (match.Key is null || !string.Equals(match.Value.Kind?.Trim(), ChannelKinds.Email, StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"no e-mail channel '{channel}' in DailyPapers:Channels (add DailyPapers:Channels:{channel}:Kind=email, Url, From)");
        return match.Key.ToLowerInvariant();
    }
}
