using DailyPapers.Collect;
using DailyPapers.Pipeline;
using DailyPapers.Publish;
using DailyPapers.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DailyPapers.Deliver;

/// <summary>
/// Delivers a stored day to the configured channels, exactly once where it can be: every message is recorded in the
/// store (channel, date, language, part, content hash) as "sending" before it goes and "sent" with the service's id
/// after, so a re-run sends nothing, changed content is edited in place where the service allows, and a delivery killed
/// midway resumes with what was not sent. The one window where a message can go twice: the service accepted it but the
/// process died (or the reply was lost to a time-out) before "sent" was recorded; that message is sent again.
/// One channel failing never stops another.
/// </summary>
public sealed class DeliveryRunner(IPaperStore store, IDeliveryStore deliveries, IEnumerable<IDeliveryChannel> kinds, IOptions<DeliveryOptions> options,
    IOptions<DigestOptions> digest, TimeProvider time, ILogger<DeliveryRunner> logger)
{
    /// <summary>The configured channels that are enabled, by name.</summary>
    public IReadOnlyList<string> ChannelNames => [.. options.Value.Channels.Where(c => c.Value.Enabled).Select(c => c.Key).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// Delivers <paramref name="date"/> to every enabled channel, or to <paramref name="channel"/> only. <paramref name="resend"/>
    /// sends every message again as a new one. Throws <see cref="DayNotFoundException"/> when the day is not stored and
    /// <see cref="ArgumentException"/> for an unknown channel name.
    /// </summary>
    public async Task<DeliveryReport> DeliverAsync(DateOnly date, string? channel, bool resend, CancellationToken cancellationToken)
    {
        var o = options.Value;
        IReadOnlyList<string> names;
        if (channel is null)
            names = ChannelNames;
        else if (o.Channels.Keys.FirstOrDefault(k => k.Equals(channel, StringComparison.OrdinalIgnoreCase)) is { } known)
            names = [known];
        else
            throw new ArgumentException(o.Channels.Count == 0
                ? $"no channel '{channel}': no channel is configured (DailyPapers:Channels:NAME:Kind)"
                : $"no channel '{channel}' in DailyPapers:Channels (configured: {string.Join(", ", o.Channels.Keys.Order(StringComparer.OrdinalIgnoreCase))})");
        var day = await store.GetDayAsync(date, cancellationToken).ConfigureAwait(false)
            ?? throw new DayNotFoundException($"no papers are stored for {date:yyyy-MM-dd}; run 'dailypapers digest --date {date:yyyy-MM-dd}' first");
        var summaries = store is IPaperSearch search
            ? await search.GetDaySummariesAsync(date, cancellationToken).ConfigureAwait(false)
            : new Dictionary<string, IReadOnlyList<Papers.Summary>>();
        var run = await store.GetLatestRunAsync(date, cancellationToken).ConfigureAwait(false);
        var preferred = DigestOptions.ParseLanguages(digest.Value.Language);

        var reports = new List<ChannelReport>();
        foreach (var name in names)
        {
            var c = o.Channels[name];
            // Configuration keys ignore case (TEAM in the environment, team in appsettings.json): records are kept under the lower-case name.
            var language = string.IsNullOrWhiteSpace(c.Language) ? preferred[0] : c.Language.Trim();
            var published = PublishedDayBuilder.Build(day, summaries, run, language, preferred, []);
            var dayUrl = string.IsNullOrWhiteSpace(o.PublicUrl) ? null : $"{o.PublicUrl.Trim().TrimEnd('/')}/{date:yyyy-MM-dd}?lang={Uri.EscapeDataString(language)}";
            reports.Add(await DeliverChannelAsync(name.ToLowerInvariant(), c, DeliveryDay.For(published, c, dayUrl), resend, cancellationToken).ConfigureAwait(false));
        }
        return new DeliveryReport(date, reports);
    }

    private async Task<ChannelReport> DeliverChannelAsync(string name, ChannelOptions c, DeliveryDay day, bool resend, CancellationToken ct)
    {
        var kind = (c.Kind ?? "").Trim().ToLowerInvariant();
        var failures = new List<string>();
        int sent = 0, edited = 0, unchanged = 0, changed = 0, retracted = 0;
        ChannelReport Report() => new(name, kind, day.Language, day.Papers.Count, sent, edited, unchanged, changed, retracted, failures);
        var channel = kinds.FirstOrDefault(k => k.Kind == kind);
        if (channel is null)
        {
            failures.Add($"no sender for kind '{kind}'");
            return Report();
        }
        IChannelSession? session = null;
        try
        {
            var messages = await channel.ComposeAsync(name, c, day, ct).ConfigureAwait(false);
            var records = (await deliveries.GetDeliveriesAsync(name, day.Date, day.Language, ct).ConfigureAwait(false)).ToDictionary(r => r.Part, StringComparer.Ordinal);
            var refs = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var m in messages)
            {
                ct.ThrowIfCancellationRequested();
                records.TryGetValue(m.Part, out var previous);
                var parentRef = m.Parent is null ? null : refs.GetValueOrDefault(m.Parent);
                if (!resend && previous is { State: DeliveryState.Sent } && previous.ContentHash == m.Hash)
                {
                    refs[m.Part] = previous.MessageRef;
                    unchanged++;
                    continue;
                }
                if (!resend && previous is { State: DeliveryState.Sent } && (!channel.CanEdit(c) || previous.MessageRef is null))
                {
                    // Changed, but the service cannot edit: reported, sent again only with --resend (no connection opened for it).
                    refs[m.Part] = previous.MessageRef;
                    changed++;
                    continue;
                }
                session ??= await channel.OpenAsync(name, c, ct).ConfigureAwait(false);
                try
                {
                    if (!resend && previous is { State: DeliveryState.Sent, MessageRef: not null })
                    {
                        await session.EditAsync(m, previous.MessageRef, ct).ConfigureAwait(false);
                        await SaveAsync(name, day, m, DeliveryState.Sent, previous.MessageRef, null, ct).ConfigureAwait(false);
                        refs[m.Part] = previous.MessageRef;
                        edited++;
                        continue;
                    }
                    // Recorded before it goes: a kill from here to the "sent" record is the one window where it can go twice.
                    await SaveAsync(name, day, m, DeliveryState.Sending, null, null, ct).ConfigureAwait(false);
                    var messageRef = await session.SendAsync(m, parentRef, ct).ConfigureAwait(false);
                    await SaveAsync(name, day, m, DeliveryState.Sent, messageRef, null, CancellationToken.None).ConfigureAwait(false);
                    refs[m.Part] = messageRef;
                    sent++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    var error = Redact(Describe(ex), c);
                    failures.Add($"{m.Part}: {error}");
                    // A failed edit keeps the sent record (the next run tries the edit again); a failed send is recorded as failed.
                    if (resend || previous is not { State: DeliveryState.Sent })
                        await SaveAsync(name, day, m, DeliveryState.Failed, null, error, CancellationToken.None).ConfigureAwait(false);
                    logger.LogWarning("Delivery to {Channel} failed at {Part}: {Error}", name, m.Part, error);
                    if (ex is not DeliveryException { ChannelFatal: false }) break;
                }
            }
            if (failures.Count == 0 && !resend)
                retracted = await RetractStaleAsync(name, channel, c, day, messages, records.Values, session, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var error = Redact(Describe(ex), c);
            failures.Add(error);
            logger.LogWarning("Delivery to {Channel} failed: {Error}", name, error);
        }
        finally
        {
            if (session is not null) await session.DisposeAsync().ConfigureAwait(false);
        }
        return Report();
    }

    // Sent messages the day no longer has (a paper filtered out, fewer Telegram chunks) are deleted where the service can.
    private async Task<int> RetractStaleAsync(string name, IDeliveryChannel channel, ChannelOptions c, DeliveryDay day, IReadOnlyList<OutgoingMessage> messages,
        IEnumerable<DeliveryRecord> records, IChannelSession? session, CancellationToken ct)
    {
        var parts = messages.Select(m => m.Part).ToHashSet(StringComparer.Ordinal);
        var stale = records.Where(r => r.State == DeliveryState.Sent && r.MessageRef is not null && !parts.Contains(r.Part)).ToList();
        if (stale.Count == 0 || !channel.CanEdit(c)) return 0;
        var owned = session is null;
        session ??= await channel.OpenAsync(name, c, ct).ConfigureAwait(false);
        try
        {
            foreach (var r in stale)
            {
                await session.RetractAsync(r.MessageRef!, ct).ConfigureAwait(false);
                await deliveries.SaveDeliveryAsync(r with { State = DeliveryState.Retracted, UpdatedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
            }
            return stale.Count;
        }
        finally
        {
            if (owned) await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Task SaveAsync(string channel, DeliveryDay day, OutgoingMessage m, DeliveryState state, string? messageRef, string? error, CancellationToken ct) =>
        deliveries.SaveDeliveryAsync(new DeliveryRecord(channel, day.Date, day.Language, m.Part, m.Hash, state, messageRef, error, time.GetUtcNow()), ct);

    private static string Describe(Exception ex) => ex switch
    {
        DeliveryException => ex.Message,
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status}: {ex.Message}",
        HttpRequestException => $"could not reach the service: {ex.Message}",
        TimeoutException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException => "the service did not answer in time",
        Polly.CircuitBreaker.BrokenCircuitException => "the service failed repeatedly; its circuit is open for now",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    /// <summary>The text with every secret of the channel (token, URL, its path, its user info) replaced by "***".</summary>
    internal static string Redact(string text, ChannelOptions c)
    {
        foreach (var secret in c.Secrets().OrderByDescending(s => s.Length))
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }
}
