using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DailyPapers.Deliver;

/// <summary>
/// One message of a delivery: <see cref="Part"/> names it within the channel's delivery of a day (stable across runs:
/// "day", "paper:ID", "chunk:N", "to:ADDRESS"), <see cref="Hash"/> is its content's hash, <see cref="Parent"/> the part it
/// replies to (a Slack thread), <see cref="Payload"/> what the channel sends.
/// </summary>
public sealed record OutgoingMessage(string Part, string Hash, object Payload, string? Parent = null);

/// <summary>A kind of channel: how a day becomes messages, and how they are sent.</summary>
public interface IDeliveryChannel
{
    /// <summary>The kind this channel serves (<see cref="ChannelKinds"/>).</summary>
    string Kind { get; }

    /// <summary>True when a sent message can be changed in place and deleted (Slack Web API, Discord, Telegram).</summary>
    bool CanEdit(ChannelOptions options);

    /// <summary>The messages of a day, in sending order (a parent before its replies).</summary>
    Task<IReadOnlyList<OutgoingMessage>> ComposeAsync(string name, ChannelOptions options, DeliveryDay day, CancellationToken cancellationToken);

    /// <summary>A session that sends (one SMTP connection, one HTTP client) for one delivery.</summary>
    Task<IChannelSession> OpenAsync(string name, ChannelOptions options, CancellationToken cancellationToken);
}

/// <summary>Sends the messages of one delivery.</summary>
public interface IChannelSession : IAsyncDisposable
{
    /// <summary>Sends a message; returns the service's id for it (null where the service gives none). <paramref name="parentRef"/> is its parent's id.</summary>
    Task<string?> SendAsync(OutgoingMessage message, string? parentRef, CancellationToken cancellationToken);

    /// <summary>Replaces a sent message's content; only called when the channel <see cref="IDeliveryChannel.CanEdit"/>.</summary>
    Task EditAsync(OutgoingMessage message, string messageRef, CancellationToken cancellationToken);

    /// <summary>Deletes a sent message the day no longer has (its paper filtered out, or fewer chunks); only called when the channel <see cref="IDeliveryChannel.CanEdit"/>.</summary>
    Task RetractAsync(string messageRef, CancellationToken cancellationToken);
}

/// <summary>A service refused a message or could not be reached; the message may quote the service, never a secret (the caller redacts).</summary>
public sealed class DeliveryException(string message, bool channelFatal = true) : Exception(message)
{
    /// <summary>False when only this message failed (a refused recipient) and the rest of the channel may go on.</summary>
    public bool ChannelFatal { get; } = channelFatal;
}

/// <summary>JSON calls to chat APIs with their error shapes read.</summary>
internal static class ApiCall
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Sends JSON; a non-success status (after the pipeline's retries) is a <see cref="DeliveryException"/> naming the service's error.</summary>
    public static async Task<JsonNode?> SendAsync(HttpClient http, HttpMethod method, string url, JsonNode payload, string service,
        Action<HttpRequestMessage>? prepare, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(payload, options: Json) };
        prepare?.Invoke(request);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? json = null;
        try
        {
            if (body.Length > 0 && body.TrimStart() is ['{' or '[', ..]) json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            json = null;
        }
        if (!response.IsSuccessStatusCode)
        {
            var detail = Error(json) ?? Cut(body);
            throw new DeliveryException($"{service} answered {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}");
        }
        return json;
    }

    /// <summary>The error a chat API put in its body: Slack's <c>error</c>, Telegram's <c>description</c>, Discord's <c>message</c>.</summary>
    public static string? Error(JsonNode? json) => json is JsonObject o
        ? (o["error"] ?? o["description"] ?? o["message"])?.ToString()
        : null;

    private static string Cut(string body) => DeliveryText.Cut(body.ReplaceLineEndings(" ").Trim(), 200);
}
