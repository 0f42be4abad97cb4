using System.Text;
using System.Text.Json.Nodes;

namespace DailyPapers.Deliver.Channels;

/// <summary>
/// Telegram's Bot API (<c>Url</c> the API base, default https://api.telegram.org; <c>Token</c> the bot token; <c>To</c> the
/// chat id): <c>sendMessage</c> in HTML parse mode, feed text escaped, each message at most 4,096 characters and split only
/// between papers (a single paper longer than that is cut); <c>editMessageText</c> replaces a message whose text changed.
/// </summary>
internal sealed class TelegramChannel(IHttpClientFactory clients) : IDeliveryChannel
{
    public const string Client = "delivery-telegram";
    public const string DefaultApi = "https://api.telegram.org";
    internal const int MaxText = 4096;

    public string Kind => ChannelKinds.Telegram;

    public bool CanEdit(ChannelOptions options) => true;

    public Task<IReadOnlyList<OutgoingMessage>> ComposeAsync(string name, ChannelOptions options, DeliveryDay day, CancellationToken cancellationToken)
    {
        var chunks = new List<string>();
        var current = new StringBuilder($"<b>{Escape(DeliveryText.Heading(day))}</b>: {Escape(DeliveryText.Count(day))}");
        if (day.DayUrl is { } url) current.Append($"\n<a href=\"{Escape(url)}\">Read on the site</a>");
        foreach (var p in day.Papers)
        {
            var block = Paper(p);
            if (current.Length + 2 + block.Length > MaxText)
            {
                chunks.Add(current.ToString());
                current.Clear();
            }
            if (current.Length > 0) current.Append("\n\n");
            current.Append(block);
        }
        chunks.Add(current.ToString());
        return Task.FromResult<IReadOnlyList<OutgoingMessage>>([.. chunks.Select((text, i) => new OutgoingMessage($"chunk:{i + 1}", DeliveryText.Hash(text), text))]);
    }

    // One paper in HTML, at most MaxText characters: the plain text is cut before escaping, so no entity or tag is split.
    private static string Paper(DeliveryPaper p)
    {
        var head = $"<b>{p.Rank}. <a href=\"{Escape(p.Entry.Paper.AbsUrl)}\">{Escape(DeliveryText.Cut(p.Title, 500))}</a></b> ▲ {p.Entry.Upvotes}";
        var body = new StringBuilder(head);
        foreach (var s in DeliveryText.Sections(p))
        {
            var section = $"\n<b>{Escape(s.Name)}</b>\n";
            var room = MaxText - body.Length - section.Length;
            if (room < 20) break;
            body.Append(section).Append(DeliveryText.EscapedWithin(s.Text, room, Escape));
        }
        return body.ToString();
    }

    /// <summary>Text for Telegram's HTML parse mode: the characters it requires escaped (&amp;, &lt;, &gt;, and &quot; for attributes).</summary>
    internal static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);

    public Task<IChannelSession> OpenAsync(string name, ChannelOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IChannelSession>(new Session(clients.CreateClient(Client), options));

    private sealed class Session(HttpClient http, ChannelOptions o) : IChannelSession
    {
        private string Api => $"{(string.IsNullOrWhiteSpace(o.Url) ? DefaultApi : o.Url.Trim()).TrimEnd('/')}/bot{o.Token!.Trim()}";

        public async Task<string?> SendAsync(OutgoingMessage message, string? parentRef, CancellationToken cancellationToken)
        {
            var reply = await CallAsync("sendMessage", Payload(message), cancellationToken).ConfigureAwait(false);
            return reply["result"]?["message_id"]?.ToString() ?? throw new DeliveryException("Telegram's sendMessage answered without a message_id");
        }

        public async Task EditAsync(OutgoingMessage message, string messageRef, CancellationToken cancellationToken)
        {
            var payload = Payload(message);
            payload["message_id"] = long.Parse(messageRef, System.Globalization.CultureInfo.InvariantCulture);
            await CallAsync("editMessageText", payload, cancellationToken).ConfigureAwait(false);
        }

        public async Task RetractAsync(string messageRef, CancellationToken cancellationToken) =>
            await CallAsync("deleteMessage", new JsonObject { ["chat_id"] = o.To!.Trim(), ["message_id"] = long.Parse(messageRef, System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);

        private JsonObject Payload(OutgoingMessage message) => new()
        {
            ["chat_id"] = o.To!.Trim(),
            ["text"] = (string)message.Payload,
            ["parse_mode"] = "HTML",
            ["link_preview_options"] = new JsonObject { ["is_disabled"] = true },
        };

        private async Task<JsonObject> CallAsync(string method, JsonObject payload, CancellationToken cancellationToken)
        {
            var reply = await ApiCall.SendAsync(http, HttpMethod.Post, $"{Api}/{method}", payload, $"Telegram's {method}", null, cancellationToken).ConfigureAwait(false);
            if (reply is not JsonObject obj || obj["ok"]?.GetValue<bool>() != true)
                throw new DeliveryException($"Telegram's {method} refused the message: {ApiCall.Error(reply) ?? "no reason given"}");
            return obj;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
