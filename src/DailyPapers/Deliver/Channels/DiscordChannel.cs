using System.Text;
using System.Text.Json.Nodes;

namespace DailyPapers.Deliver.Channels;

/// <summary>
/// A Discord webhook (<c>Url</c>): a message for the day, then one per paper with an embed. Posted with <c>?wait=true</c>
/// so Discord answers the message id, which edits it later (<c>PATCH /messages/ID</c>). Content at most 2,000 characters,
/// embeds within Discord's limits (title 256, description 4,096, 6,000 in all); feed text is escaped for Discord's
/// markdown and no mention is ever parsed (<c>allowed_mentions</c> empty).
/// </summary>
internal sealed class DiscordChannel(IHttpClientFactory clients) : IDeliveryChannel
{
    public const string Client = "delivery-discord";
    internal const int MaxContent = 2000;
    internal const int MaxTitle = 256;
    internal const int MaxDescription = 4096;
    internal const int MaxEmbedTotal = 6000;

    public string Kind => ChannelKinds.Discord;

    public bool CanEdit(ChannelOptions options) => true;

    public Task<IReadOnlyList<OutgoingMessage>> ComposeAsync(string name, ChannelOptions options, DeliveryDay day, CancellationToken cancellationToken)
    {
        var messages = new List<OutgoingMessage>();
        var head = $"**{Escape(DeliveryText.Heading(day))}**: {Escape(DeliveryText.Count(day))}" + (day.DayUrl is { } url ? $"\n<{url}>" : "");
        messages.Add(Message("day", new JsonObject { ["content"] = DeliveryText.Cut(head, MaxContent) }));
        foreach (var p in day.Papers)
            messages.Add(Message($"paper:{p.Entry.Paper.ArxivId}", new JsonObject { ["embeds"] = new JsonArray(Embed(p)) }));
        return Task.FromResult<IReadOnlyList<OutgoingMessage>>(messages);
    }

    private static OutgoingMessage Message(string part, JsonObject payload)
    {
        payload["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() };
        return new(part, DeliveryText.Hash(payload.ToJsonString()), payload);
    }

    private static JsonObject Embed(DeliveryPaper p)
    {
        var title = DeliveryText.Cut($"{p.Rank}. {p.Title}", MaxTitle);
        var footer = $"▲ {p.Entry.Upvotes} · arXiv {p.Entry.Paper.ArxivId}";
        var budget = Math.Min(MaxDescription, MaxEmbedTotal - title.Length - footer.Length);
        var description = new StringBuilder();
        foreach (var s in DeliveryText.Sections(p))
            description.Append("**").Append(Escape(s.Name)).Append("**\n").Append(Escape(s.Text)).Append("\n\n");
        return new JsonObject
        {
            ["title"] = title,
            ["url"] = p.Entry.Paper.AbsUrl,
            ["description"] = CutEscaped(description.ToString().TrimEnd(), budget),
            ["footer"] = new JsonObject { ["text"] = footer },
        };
    }

    /// <summary>Escaped markdown cut without leaving a dangling backslash.</summary>
    private static string CutEscaped(string text, int max)
    {
        var cut = DeliveryText.Cut(text, max);
        return cut.Length < text.Length && cut.Length >= 2 && cut[^2] == '\\' ? string.Concat(cut.AsSpan(0, cut.Length - 2), "…") : cut;
    }

    /// <summary>Text for Discord's markdown: every formatting character backslash-escaped, and '@' kept from forming a mention.</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            if (ch is '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '#' or '[' or ']' or '(' or ')' or '<' or '-' or ':') sb.Append('\\');
            sb.Append(ch);
            if (ch == '@') sb.Append('\u200B'); // a zero-width space: "@everyone" stays text even where mentions are parsed
        }
        return sb.ToString();
    }

    public Task<IChannelSession> OpenAsync(string name, ChannelOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IChannelSession>(new Session(clients.CreateClient(Client), options.Url!.Trim()));

    private sealed class Session(HttpClient http, string url) : IChannelSession
    {
        public async Task<string?> SendAsync(OutgoingMessage message, string? parentRef, CancellationToken cancellationToken)
        {
            var reply = await ApiCall.SendAsync(http, HttpMethod.Post, With(url, "wait=true"), (JsonObject)message.Payload, "Discord", null, cancellationToken).ConfigureAwait(false);
            return reply?["id"]?.ToString() ?? throw new DeliveryException("Discord answered without a message id");
        }

        public async Task EditAsync(OutgoingMessage message, string messageRef, CancellationToken cancellationToken) =>
            await ApiCall.SendAsync(http, HttpMethod.Patch, MessageUrl(messageRef), (JsonObject)message.Payload, "Discord", null, cancellationToken).ConfigureAwait(false);

        public async Task RetractAsync(string messageRef, CancellationToken cancellationToken)
        {
            using var response = await http.DeleteAsync(MessageUrl(messageRef), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotFound)
                throw new DeliveryException($"Discord answered {(int)response.StatusCode} {response.ReasonPhrase} to deleting a message");
        }

        private string MessageUrl(string id)
        {
            var q = url.IndexOf('?', StringComparison.Ordinal);
            return q < 0 ? $"{url.TrimEnd('/')}/messages/{Uri.EscapeDataString(id)}" : $"{url[..q].TrimEnd('/')}/messages/{Uri.EscapeDataString(id)}{url[q..]}";
        }

        private static string With(string u, string query) => u + (u.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
