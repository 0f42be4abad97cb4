namespace DailyPapers.Deliver;

/// <summary>
/// Delivery settings: <c>DailyPapers:Delivery</c> (the unsubscribe secret and the public address of <c>serve</c>) and
/// the channels under <c>DailyPapers:Channels:NAME</c>.
/// </summary>
public sealed class DeliveryOptions
{
    /// <summary>The key that signs unsubscribe links (HMAC-SHA256); needed to send to subscribers.</summary>
    public string? Secret { get; set; }

    /// <summary>The public base URL of <c>serve</c> (unsubscribe links, links to the day page); default <c>DailyPapers:Web:BaseUrl</c>.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The channels by name (bound from <c>DailyPapers:Channels</c>).</summary>
    public Dictionary<string, ChannelOptions> Channels { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One channel (<c>DailyPapers:Channels:NAME</c>): where it goes and which papers it carries.</summary>
public sealed class ChannelOptions
{
    /// <summary><c>slack</c>, <c>email</c>, <c>discord</c>, <c>telegram</c> or <c>webhook</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>The webhook URL, the API base URL (Slack Web API, Telegram), or <c>smtp://host:port</c> / <c>smtps://host:port</c>.</summary>
    public string? Url { get; set; }

    /// <summary>The secret: Slack bot token, Telegram bot token, SMTP password, webhook signing key. Never printed.</summary>
    public string? Token { get; set; }

    /// <summary>E-mail recipients (comma-separated) or the Slack channel / Telegram chat id.</summary>
    public string? To { get; set; }

    /// <summary>The e-mail sender address (also the SMTP user name unless <see cref="User"/> is set).</summary>
    public string? From { get; set; }

    /// <summary>The SMTP user name when it is not <see cref="From"/>.</summary>
    public string? User { get; set; }

    /// <summary>For an SMTP server with a self-signed certificate: its SHA-256 fingerprint (hex), trusted besides the system's CAs.</summary>
    public string? TrustCertificate { get; set; }

    /// <summary>Which stored summaries to send (default: the first of <c>DailyPapers:Digest:Language</c>).</summary>
    public string? Language { get; set; }

    /// <summary>At most this many papers (0: all).</summary>
    public int Top { get; set; }

    /// <summary>Only papers with at least this many upvotes.</summary>
    public int MinVotes { get; set; }

    /// <summary>Only papers whose title, abstract or summary contains one of these words (comma-separated; empty: all).</summary>
    public string? Keywords { get; set; }

    /// <summary>No paper whose title, abstract or summary contains one of these words (comma-separated).</summary>
    public string? ExcludeKeywords { get; set; }

    /// <summary>False leaves the channel configured but not delivered to.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The secrets of this channel, for redaction: the token and the URL (whose path can hold a webhook secret).</summary>
    internal IEnumerable<string> Secrets()
    {
        if (!string.IsNullOrEmpty(Token)) yield return Token;
        if (!string.IsNullOrEmpty(Url))
        {
            yield return Url;
            if (Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.PathAndQuery.Length > 1) yield return uri.PathAndQuery;
            if (uri is not null && uri.UserInfo.Length > 0) yield return uri.UserInfo;
        }
    }

    /// <summary>A comma-separated value as a list.</summary>
    internal static IReadOnlyList<string> List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The kinds of channel.</summary>
public static class ChannelKinds
{
    /// <summary>Slack: Web API with a bot token (threads, edits) or an incoming webhook.</summary>
    public const string Slack = "slack";
    /// <summary>E-mail over SMTP.</summary>
    public const string Email = "email";
    /// <summary>A Discord webhook.</summary>
    public const string Discord = "discord";
    /// <summary>Telegram's Bot API.</summary>
    public const string Telegram = "telegram";
    /// <summary>A signed JSON POST of the day.</summary>
    public const string Webhook = "webhook";

    /// <summary>Every kind.</summary>
    public static readonly IReadOnlyList<string> All = [Slack, Email, Discord, Telegram, Webhook];
}
