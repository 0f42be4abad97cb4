using System.Text;
using System.Text.Json.Nodes;

namespace DailyPapers.Deliver.Channels;

/// <summary>
/// Slack. With a bot token (<c>Token</c>), the Web API: <c>chat.postMessage</c> posts a parent message for the day to
/// <c>To</c> (a channel id) and one threaded reply per paper (<c>thread_ts</c>); <c>chat.update</c> edits. Without a token,
/// <c>Url</c> is an incoming webhook: the same messages, unthreaded, and never edited. Block Kit within Slack's limits
/// (section text at most 3,000 characters, at most 50 blocks per message); feed text is escaped for mrkdwn.
/// </summary>
internal sealed class SlackChannel(IHttpClientFactory clients) : IDeliveryChannel
{
    public const string Client = "delivery-slack";
    public const string DefaultApi = "https://slack.com/api";
    internal const int MaxSectionText = 3000;
    internal const int MaxBlocks = 50;

    public string Kind => ChannelKinds.Slack;

    public bool CanEdit(ChannelOptions options) => !string.IsNullOrEmpty(options.Token);

    public Task<IReadOnlyList<OutgoingMessage>> ComposeAsync(string name, ChannelOptions options, DeliveryDay day, CancellationToken cancellationToken)
    {
        var threaded = !string.IsNullOrEmpty(options.Token);
        var messages = new List<OutgoingMessage> { Message("day", Parent(day), null) };
        foreach (var p in day.Papers)
            messages.Add(Message($"paper:{p.Entry.Paper.ArxivId}", Paper(p), threaded ? "day" : null));
        return Task.FromResult<IReadOnlyList<OutgoingMessage>>(messages);
    }

    private static OutgoingMessage Message(string part, JsonObject payload, string? parent) =>
        new(part, DeliveryText.Hash(payload.ToJsonString()), payload, parent);

    private static JsonObject Parent(DeliveryDay day)
    {
        var text = $"*{Escape(DeliveryText.Heading(day))}*: {Escape(DeliveryText.Count(day))}";
        if (day.DayUrl is { } url) text += $"\n<{Escape(url)}|{Label("Read on the site")}>";
        return new JsonObject
        {
            ["text"] = $"{DeliveryText.Heading(day)}: {DeliveryText.Count(day)}",
            ["blocks"] = new JsonArray(Section(text)),
        };
    }

    private static JsonObject Paper(DeliveryPaper p)
    {
        var blocks = new JsonArray(Section($"*{p.Rank}. <{Escape(p.Entry.Paper.AbsUrl)}|{Label(p.Title)}>*  ▲ {p.Entry.Upvotes}"));
        foreach (var s in DeliveryText.Sections(p))
        {
            if (blocks.Count >= MaxBlocks) break;
            var name = $"*{DeliveryText.EscapedWithin(s.Name, 200, Escape)}*\n";
            blocks.Add(Section(name + DeliveryText.EscapedWithin(s.Text, MaxSectionText - name.Length, Escape)));
        }
        // The top-level text is what notifications show: escaped too, so a title cannot ping the channel (<!channel>).
        return new JsonObject { ["text"] = DeliveryText.EscapedWithin($"{p.Rank}. {p.Title}", MaxSectionText, Escape), ["blocks"] = blocks };
    }

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = mrkdwn },
    };

    /// <summary>Text for mrkdwn: the three characters Slack asks to escape (so no &lt;!channel&gt;, link or mention can be injected).</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
            sb.Append(ch switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", _ => ch.ToString() });
        return sb.ToString();
    }

    /// <summary>A link label: escaped, and '|' (which would end the URL part) replaced.</summary>
    private static string Label(string text) => Escape(text).Replace('|', '¦');

    public Task<IChannelSession> OpenAsync(string name, ChannelOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IChannelSession>(new Session(clients.CreateClient(Client), options));

    private sealed class Session(HttpClient http, ChannelOptions o) : IChannelSession
    {
        private bool WebApi => !string.IsNullOrEmpty(o.Token);
        private string Api => (string.IsNullOrWhiteSpace(o.Url) ? DefaultApi : o.Url.Trim()).TrimEnd('/');

        public async Task<string?> SendAsync(OutgoingMessage message, string? parentRef, CancellationToken cancellationToken)
        {
            var payload = ((JsonObject)message.Payload).DeepClone().AsObject();
            if (!WebApi)
            {
                // An incoming webhook answers "ok" as plain text and gives no id: nothing can be threaded or edited.
                await ApiCall.SendAsync(http, HttpMethod.Post, o.Url!.Trim(), payload, "Slack", null, cancellationToken).ConfigureAwait(false);
                return null;
            }
            payload["channel"] = o.To;
            if (message.Parent is not null)
                payload["thread_ts"] = parentRef ?? throw new DeliveryException("the day's parent message was not posted, so its thread cannot be");
            var reply = await CallAsync("chat.postMessage", payload, cancellationToken).ConfigureAwait(false);
            return reply["ts"]?.ToString() ?? throw new DeliveryException("Slack's chat.postMessage answered without a ts");
        }

        public async Task EditAsync(OutgoingMessage message, string messageRef, CancellationToken cancellationToken)
        {
            var payload = ((JsonObject)message.Payload).DeepClone().AsObject();
            payload["channel"] = o.To;
            payload["ts"] = messageRef;
            await CallAsync("chat.update", payload, cancellationToken).ConfigureAwait(false);
        }

        public async Task RetractAsync(string messageRef, CancellationToken cancellationToken) =>
            await CallAsync("chat.delete", new JsonObject { ["channel"] = o.To, ["ts"] = messageRef }, cancellationToken).ConfigureAwait(false);

        private async Task<JsonObject> CallAsync(string method, JsonObject payload, CancellationToken cancellationToken)
        {
            var reply = await ApiCall.SendAsync(http, HttpMethod.Post, $"{Api}/{method}", payload, $"Slack's {method}",
                r => r.Headers.Authorization = new("Bearer", o.Token), cancellationToken).ConfigureAwait(false);
            // The Web API answers 200 with {"ok":false,"error":"channel_not_found"} for most refusals.
            if (reply is not JsonObject obj || obj["ok"]?.GetValue<bool>() != true)
                throw new DeliveryException($"Slack's {method} refused the message: {ApiCall.Error(reply) ?? "no reason given"}");
            return obj;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
