using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DailyPapers.Tests.Cli;

namespace DailyPapers.Tests.Deliver;

/// <summary>Discord, Telegram and the signed webhook through the CLI against a loopback server speaking each protocol.</summary>
public sealed class ChatChannelsDeliveryTests : IAsyncLifetime
{
    private const string WebhookKey = "whsec-signing-key-42";
    private ChatServer _server = null!;

    public async Task InitializeAsync() => _server = await ChatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly JsonSerializerOptions Raw = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private string DiscordUrl => _server.BaseUrl + "/discord/webhooks/1100/discord-SECRET-token";

    private Dictionary<string, string> Settings(string store, string kind, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = store,
            ["DailyPapers:Http:RetryBaseDelay"] = "00:00:00",
            ["DailyPapers:Channels:chat:Kind"] = kind,
        };
        switch (kind)
        {
            case "discord":
                settings["DailyPapers:Channels:chat:Url"] = DiscordUrl;
                break;
            case "telegram":
                settings["DailyPapers:Channels:chat:Url"] = _server.BaseUrl + "/telegram";
                settings["DailyPapers:Channels:chat:Token"] = ChatServer.TelegramToken;
                settings["DailyPapers:Channels:chat:To"] = "-100123";
                break;
            case "webhook":
                settings["DailyPapers:Channels:chat:Url"] = _server.BaseUrl + "/hook/receiver";
                settings["DailyPapers:Channels:chat:Token"] = WebhookKey;
                break;
        }
        foreach (var (k, v) in more) settings[$"DailyPapers:Channels:chat:{k}"] = v;
        return settings;
    }

    private static Task<CliRunner.Result> DeliverAsync(Dictionary<string, string> settings, params string[] more) =>
        CliRunner.RunAsync(settings, ["deliver", "--date", "2024-08-15", .. more]);

    [Fact]
    public async Task Discord_gets_a_day_message_and_one_embed_per_paper_escaped_within_limits_edited_when_changed()
    {
        // Given a stored day whose first summary carries markup and mentions, and another of 9,000 characters
        var store = await DeliveryStore.CreateAsync(e => e.FeedOrder == 1 ? new string('가', 9000) : DeliveryStore.DefaultText(e));

        // When it is delivered twice, then once more after one summary changed
        var first = await DeliverAsync(Settings(store, "discord"));
        var second = await DeliverAsync(Settings(store, "discord"));
        var changed = Fixtures.SampleDay().Ranked[0].Paper.ArxivId;
        await DeliveryStore.ResummarizeAsync(store, e => e.Paper.ArxivId == changed ? "바뀐 요약." : e.FeedOrder == 1 ? new string('가', 9000) : DeliveryStore.DefaultText(e));
        var third = await DeliverAsync(Settings(store, "discord"));

        // Then nine messages went once (Discord's limits enforced by the server), mentions were never parsed,
        Assert.Equal((0, 0, 0), (first.ExitCode, second.ExitCode, third.ExitCode));
        var messages = _server.Messages.ToList();
        Assert.Equal(9, messages.Count);
        Assert.All(messages, m => Assert.Equal("[]", m.Body["allowed_mentions"]!["parse"]!.ToJsonString()));
        var hostile = messages.Single(m => m.Body.ToJsonString(Raw).Contains("alert", StringComparison.Ordinal)).Body["embeds"]![0]!["description"]!.ToString();
        Assert.Contains(@"\<b\>bold\<\/b\>", hostile.Replace("/", @"\/", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("@\u200Beveryone", hostile, StringComparison.Ordinal);
        Assert.Contains(@"\*star\*", hostile, StringComparison.Ordinal);
        // the second run sent nothing, the third edited the changed paper's message in place
        Assert.Contains("0 sent, 0 edited, 9 unchanged", second.Stderr, StringComparison.Ordinal);
        var edit = Assert.Single(_server.Edits);
        Assert.Equal(messages.Single(m => m.Body.ToJsonString().Contains(changed, StringComparison.Ordinal)).Id, edit.Id);
        Assert.Contains("바뀐 요약.", edit.Body.ToJsonString(Raw), StringComparison.Ordinal);
        Assert.DoesNotContain("discord-SECRET-token", first.Stderr + second.Stderr + third.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discord_rate_limit_retry_after_in_json_is_honoured_and_an_unknown_webhook_is_named_without_its_url()
    {
        // Given a Discord webhook that answers the first post 429 with {"retry_after": 1.0}, then 500, then too slowly
        var store = await DeliveryStore.CreateAsync();
        _server.Inject("/discord/", ChatFault.TooManyRequests, ChatFault.ServerError, ChatFault.Slow);
        var settings = Settings(store, "discord");
        _server.SlowDelay = TimeSpan.FromSeconds(60); // far beyond the attempt time-out, which leaves normal replies room on a loaded machine
        settings["DailyPapers:Http:AttemptTimeout"] = "00:00:05";

        // When the day is delivered
        var result = await DeliverAsync(settings);

        // Then the retry waited the second Discord asked for and every message went once
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(12, _server.Requests.Count);
        Assert.Equal(9, _server.Messages.Select(m => m.Body.ToJsonString()).Distinct().Count());
        var requests = _server.Requests.ToList();
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
        Assert.Equal(9, _server.Messages.Count);

        // When the webhook is deleted (404 Unknown Webhook) and the day is sent again
        _server.Inject("/discord/", ChatFault.NotFound);
        var refused = await DeliverAsync(Settings(store, "discord"), "--resend");

        // Then the failure quotes Discord, not the URL
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FAILED chat: day: Discord answered 404 Not Found: Unknown Webhook", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("discord-SECRET-token", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telegram_gets_html_escaped_messages_split_between_papers_within_4096_characters_and_edits_changes()
    {
        // Given summaries of about 1,500 characters each (eight papers cannot fit one message)
        var store = await DeliveryStore.CreateAsync(e => e.FeedOrder == 0 ? DeliveryStore.Hostile + new string('나', 1400) : e.Paper.ArxivId + new string('다', 1500));

        // When it is delivered, delivered again, then once more after one summary changed
        var first = await DeliverAsync(Settings(store, "telegram"));
        var second = await DeliverAsync(Settings(store, "telegram"));
        var changed = Fixtures.SampleDay().Ranked[5].Paper.ArxivId;
        await DeliveryStore.ResummarizeAsync(store, e => e.FeedOrder == 0 ? DeliveryStore.Hostile + new string('나', 1400) : e.Paper.ArxivId == changed ? "짧아진 요약." : e.Paper.ArxivId + new string('다', 1500));
        var third = await DeliverAsync(Settings(store, "telegram"));

        // Then the server (which refuses bad HTML and texts over 4,096) accepted several messages, each paper whole in one
        Assert.Equal((0, 0, 0), (first.ExitCode, second.ExitCode, third.ExitCode));
        var messages = _server.Messages.ToList();
        Assert.InRange(messages.Count, 3, 8);
        Assert.All(messages, m => Assert.InRange(m.Text.Length, 1, 4096));
        Assert.All(Fixtures.SampleDay().Ranked, e => Assert.Single(messages, m => m.Text.Contains(e.Paper.ArxivId + "\">", StringComparison.Ordinal)));
        Assert.All(messages, m => Assert.Equal(("HTML", "-100123"), (m.Body["parse_mode"]!.ToString(), m.Body["chat_id"]!.ToString())));
        Assert.Contains("&lt;!channel&gt; &amp; &lt;b&gt;bold&lt;/b&gt; &lt;script&gt;", messages[0].Text, StringComparison.Ordinal);
        // the re-run sent nothing; the change edited the message holding that paper (and the later ones, re-packed),
        // nothing new was posted, a message left empty by the re-packing was deleted, and the chat shows each paper once
        Assert.Contains($"0 sent, 0 edited, {messages.Count} unchanged", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(messages.Single(m => m.Text.Contains(changed, StringComparison.Ordinal)).Id, _server.Edits.First().Id);
        Assert.Contains("짧아진 요약.", _server.Edits.First().Text, StringComparison.Ordinal);
        Assert.Equal(messages.Count, _server.Messages.Count);
        var visible = _server.Visible();
        Assert.All(Fixtures.SampleDay().Ranked, e => Assert.Single(visible, m => m.Text.Contains(e.Paper.ArxivId + "\">", StringComparison.Ordinal)));
        Assert.All(visible, m => Assert.InRange(m.Text.Length, 1, 4096));
        Assert.DoesNotContain(ChatServer.TelegramToken, first.Stderr + second.Stderr + third.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Telegram_retry_after_parameter_is_honoured_and_a_missing_chat_is_named_without_the_token()
    {
        // Given the Bot API answering 429 with parameters.retry_after = 1, then a 500, then too slowly, then accepting
        var store = await DeliveryStore.CreateAsync();
        _server.Inject("/telegram/", ChatFault.TooManyRequests, ChatFault.ServerError, ChatFault.Slow);
        var settings = Settings(store, "telegram");
        _server.SlowDelay = TimeSpan.FromSeconds(60); // far beyond the attempt time-out, which leaves normal replies room on a loaded machine
        settings["DailyPapers:Http:AttemptTimeout"] = "00:00:05";

        // When the day is delivered
        var result = await DeliverAsync(settings);

        // Then it went once after waiting as asked
        Assert.Equal(0, result.ExitCode);
        var requests = _server.Requests.ToList();
        Assert.Equal(4, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
        Assert.Single(_server.Messages);

        // When the chat no longer exists
        _server.Inject("/telegram/", ChatFault.NotFound);
        var refused = await DeliverAsync(Settings(store, "telegram"), "--resend");

        // Then Telegram's description is quoted and the token (part of the API path) is not
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FAILED chat: chunk:1: Telegram's sendMessage answered 400 Bad Request: Bad Request: chat not found", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(ChatServer.TelegramToken, refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("TELEGRAM-secret", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_webhook_gets_the_api_day_document_signed_with_hmac_sha256_once()
    {
        // Given a webhook channel keeping the top three papers
        var store = await DeliveryStore.CreateAsync();

        // When the day is delivered twice
        var first = await DeliverAsync(Settings(store, "webhook", ("Top", "3")));
        var second = await DeliverAsync(Settings(store, "webhook", ("Top", "3")));

        // Then one POST arrived, its signature is the HMAC-SHA256 of the exact body under the key
        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        var (signature, body) = Assert.Single(_server.Webhooks);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookKey), body)), signature);
        // and the body is the API's day document: the date, the language, the three top papers ranked with their summaries
        var doc = JsonNode.Parse(body)!;
        Assert.Equal(("2024-08-15", "ko"), (doc["date"]!.ToString(), doc["language"]!.ToString()));
        var papers = doc["papers"]!.AsArray();
        Assert.Equal([1, 2, 3], papers.Select(p => p!["rank"]!.GetValue<int>()));
        Assert.Equal(Fixtures.SampleDay().Ranked.Take(3).Select(e => e.Paper.ArxivId), papers.Select(p => p!["arxivId"]!.ToString()));
        Assert.Equal("What's New", papers[0]!["summary"]!["sections"]![0]!["name"]!.ToString());
        Assert.Contains("0 sent, 0 edited, 1 unchanged", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_keep_papers_by_votes_and_keywords_and_one_failing_channel_does_not_stop_another()
    {
        // Given a webhook with keywords (one in every summary here; the filter itself is DeliveryFilterTests'), an exclusion
        // that drops the hostile paper and at least one vote, and a Telegram chat that is gone
        var store = await DeliveryStore.CreateAsync();
        var settings = Settings(store, "webhook", ("Keywords", "새로운, nothing-matches"), ("ExcludeKeywords", DeliveryStore.Hostile[..9]), ("MinVotes", "1"));
        foreach (var (k, v) in Settings(store, "telegram")) settings[k.Replace(":chat:", ":gone:", StringComparison.Ordinal)] = v;
        _server.Inject("/telegram/", ChatFault.NotFound);

        // When the day is delivered to both
        var result = await DeliverAsync(settings);

        // Then the webhook got the day without the excluded paper, and the refused chat is named with exit 1
        Assert.Equal(1, result.ExitCode);
        var doc = JsonNode.Parse(Assert.Single(_server.Webhooks).Body)!;
        var kept = doc["papers"]!.AsArray().Select(p => p!["arxivId"]!.ToString()).ToList();
        var excluded = Fixtures.SampleDay().Entries.Single(e => e.FeedOrder == 0).Paper.ArxivId;
        Assert.Equal(Fixtures.SampleDay().Ranked.Where(e => e.Upvotes >= 1).Select(e => e.Paper.ArxivId).Where(id => id != excluded), kept);
        Assert.Contains("FAILED gone: chunk:1:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("chat (webhook, ko): 7 papers; 1 sent", result.Stderr, StringComparison.Ordinal);
    }
}
