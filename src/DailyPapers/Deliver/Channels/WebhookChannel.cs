using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Deliver.Channels;

/// <summary>
/// A JSON POST of the day to <c>Url</c>: the document of the JSON API's <c>GET /api/days/{date}</c> (the papers the
/// channel's filters keep), signed with HMAC-SHA256 over the exact body bytes using <c>Token</c> as the key, in the header
/// <c>X-DailyPapers-Signature: sha256=HEX</c>. One message per day; changed content goes again only with <c>--resend</c>.
/// </summary>
internal sealed class WebhookChannel(IHttpClientFactory clients) : IDeliveryChannel
{
    public const string Client = "delivery-webhook";

    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-DailyPapers-Signature";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => ChannelKinds.Webhook;

    public bool CanEdit(ChannelOptions options) => false;

    public Task<IReadOnlyList<OutgoingMessage>> ComposeAsync(string name, ChannelOptions options, DeliveryDay day, CancellationToken cancellationToken)
    {
        var p = day.Published;
        var document = new DayDocument(p.Date, p.Language, p.Languages, p.Previous, p.Next,
            [.. day.Papers.Select(x => new DayPaperDocument(x.Rank, x.Entry.Paper.ArxivId, x.Title, x.Entry.Paper.Authors, x.Entry.Upvotes,
                SafeUrl(x.Entry.MediaUrl), x.Entry.Paper.AbsUrl,
                x.Summary is { } s ? new SummaryDocument(s.Language, s.Sections, s.Origin, s.Findings, s.CreatedAt) : null, x.Item.MissingReason))]);
        var body = JsonSerializer.SerializeToUtf8Bytes(document, Json);
        return Task.FromResult<IReadOnlyList<OutgoingMessage>>([new OutgoingMessage("day", DeliveryText.Hash(Encoding.UTF8.GetString(body)), body)]);
    }

    private static string? SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) ? u.AbsoluteUri : null;

    /// <summary>"sha256=" and the lower-case hex HMAC-SHA256 of <paramref name="body"/> under <paramref name="key"/>.</summary>
    internal static string Sign(string key, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), body));

    public Task<IChannelSession> OpenAsync(string name, ChannelOptions options, CancellationToken cancellationToken) =>
        Task.FromResult<IChannelSession>(new Session(clients.CreateClient(Client), options));

    private sealed class Session(HttpClient http, ChannelOptions o) : IChannelSession
    {
        public async Task<string?> SendAsync(OutgoingMessage message, string? parentRef, CancellationToken cancellationToken)
        {
            var body = (byte[])message.Payload;
            using var request = new HttpRequestMessage(HttpMethod.Post, o.Url!.Trim()) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            if (!string.IsNullOrEmpty(o.Token)) request.Headers.Add(SignatureHeader, Sign(o.Token, body));
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new DeliveryException($"the webhook answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return null;
        }

        public Task EditAsync(OutgoingMessage message, string messageRef, CancellationToken cancellationToken) =>
            throw new NotSupportedException("a webhook cannot edit what it was sent");

        public Task RetractAsync(string messageRef, CancellationToken cancellationToken) =>
            throw new NotSupportedException("a webhook cannot take back what it was sent");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>The day as the JSON API's day document has it (same names and shape as <c>GET /api/days/{date}</c>).</summary>
internal sealed record DayDocument(DateOnly Date, string? Language, IReadOnlyList<string> Languages, DateOnly? Previous, DateOnly? Next, IReadOnlyList<DayPaperDocument> Papers);

/// <summary>A paper of <see cref="DayDocument"/>.</summary>
internal sealed record DayPaperDocument(int Rank, string ArxivId, string Title, IReadOnlyList<string> Authors, int Upvotes, string? MediaUrl, string ArxivUrl, SummaryDocument? Summary, string? MissingReason);

/// <summary>A summary of <see cref="DayPaperDocument"/>.</summary>
internal sealed record SummaryDocument(string Language, IReadOnlyList<SummarySection> Sections, SummaryOrigin Origin, IReadOnlyList<Finding> Findings, DateTimeOffset CreatedAt);
