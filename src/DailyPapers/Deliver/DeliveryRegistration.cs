using DailyPapers.Collect.Http;
using DailyPapers.Deliver.Channels;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DailyPapers.Deliver;

/// <summary>Registers delivery: the channel settings (checked at start), the senders and the runner.</summary>
public static class DeliveryRegistration
{
    /// <summary>The section of the delivery-wide settings.</summary>
    public const string Section = DailyPapersServiceCollectionExtensions.Section + ":Delivery";

    /// <summary>The section of the channels, one sub-section per channel name.</summary>
    public const string ChannelsSection = DailyPapersServiceCollectionExtensions.Section + ":Channels";

    /// <summary>Adds the delivery settings, the senders of every kind and <see cref="DeliveryRunner"/>.</summary>
    public static IServiceCollection AddDailyPapersDelivery(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCheckedOptions<DeliveryOptions>(Section, Check)
            .Configure<IConfiguration>((o, config) =>
            {
                config.GetSection(ChannelsSection).Bind(o.Channels);
                if (string.IsNullOrWhiteSpace(o.PublicUrl)) o.PublicUrl = config[DailyPapersServiceCollectionExtensions.Section + ":Web:BaseUrl"];
            });
        services.TryAddSingleton<IDeliveryStore>(sp => sp.GetRequiredService<IPaperStore>() as IDeliveryStore
            ?? throw new InvalidOperationException("the configured store keeps no delivery records"));
        HttpRegistration.AddResilientClient(services, SlackChannel.Client, quiet: true);
        HttpRegistration.AddResilientClient(services, DiscordChannel.Client, quiet: true);
        HttpRegistration.AddResilientClient(services, TelegramChannel.Client, quiet: true);
        HttpRegistration.AddResilientClient(services, WebhookChannel.Client, quiet: true);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryChannel, SlackChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryChannel, DiscordChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryChannel, TelegramChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryChannel, WebhookChannel>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryChannel, EmailChannel>());
        services.TryAddSingleton<DeliveryRunner>();
        return services;
    }

    // Each failure names its key; values are never echoed (a URL or token pasted into the wrong key is still a secret).
    private static void Check(DeliveryOptions o, SettingsCheck check)
    {
        check.Url(o.PublicUrl, nameof(o.PublicUrl), optional: true);
        foreach (var (name, c) in o.Channels)
        {
            var key = $"{ChannelsSection}:{name}";
            var kind = c.Kind?.Trim().ToLowerInvariant();
            if (!ChannelKinds.All.Contains(kind))
            {
                check.That(false, $"{key}:Kind must be one of {string.Join(", ", ChannelKinds.All)}{(string.IsNullOrWhiteSpace(kind) ? " (it is missing)" : "")}");
                continue;
            }
            check.That(c.Top >= 0, $"{key}:Top must be 0 (all) or more, got {c.Top}")
                .That(c.MinVotes >= 0, $"{key}:MinVotes must be 0 or more, got {c.MinVotes}");
            if (!string.IsNullOrWhiteSpace(c.Language))
            {
                try
                {
                    check.That(DigestOptions.ParseLanguages(c.Language).Count == 1, $"{key}:Language names one language, e.g. ko");
                }
                catch (ArgumentException ex)
                {
                    check.That(false, $"{key}:Language: {ex.Message}");
                }
            }
            var hasToken = !string.IsNullOrWhiteSpace(c.Token);
            var hasTo = !string.IsNullOrWhiteSpace(c.To);
            var httpUrl = SettingsCheck.IsHttpUrl(c.Url);
            var noUrl = string.IsNullOrWhiteSpace(c.Url);
            switch (kind)
            {
                case ChannelKinds.Slack:
                    check.That(hasToken ? noUrl || httpUrl : httpUrl, hasToken
                            ? $"{key}:Url (the Slack Web API base) is not an absolute http(s) URL"
                            : $"{key}:Url must be a Slack incoming-webhook URL when {key}:Token (a bot token) is not set")
                        .That(!hasToken || hasTo, $"{key}:To (the Slack channel id) is required with a bot token");
                    break;
                case ChannelKinds.Discord:
                case ChannelKinds.Webhook:
                    check.That(httpUrl, $"{key}:Url must be the {(kind == ChannelKinds.Discord ? "Discord webhook" : "webhook")} URL (absolute http or https)");
                    break;
                case ChannelKinds.Telegram:
                    check.That(noUrl || httpUrl, $"{key}:Url (the Bot API base) is not an absolute http(s) URL")
                        .That(hasToken, $"{key}:Token (the bot token) is required")
                        .That(hasTo, $"{key}:To (the chat id) is required");
                    break;
                case ChannelKinds.Email:
                    check.That(Uri.TryCreate(c.Url?.Trim(), UriKind.Absolute, out var smtp) && smtp.Scheme is "smtp" or "smtps" && smtp.Host.Length > 0,
                            $"{key}:Url must be smtp://HOST:PORT (STARTTLS when offered) or smtps://HOST:PORT (implicit TLS)")
                        .That(MimeKit.MailboxAddress.TryParse(c.From?.Trim() ?? "", out _), $"{key}:From must be an e-mail address")
                        .That(ChannelOptions.List(c.To).All(a => MimeKit.MailboxAddress.TryParse(a, out _)), $"{key}:To must be e-mail addresses, comma-separated")
                        .That(!string.IsNullOrWhiteSpace(o.Secret), $"{Section}:Secret is required by the e-mail channel '{name}' (it signs the unsubscribe links)")
                        .That(!string.IsNullOrWhiteSpace(o.PublicUrl), $"{Section}:PublicUrl (or DailyPapers:Web:BaseUrl) is required by the e-mail channel '{name}' (the unsubscribe links point there)");
                    break;
            }
        }
    }
}
