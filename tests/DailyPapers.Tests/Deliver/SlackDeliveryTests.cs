using System.Diagnostics;
using System.Text.Json.Nodes;
using DailyPapers.Storage;
using DailyPapers.Tests.Cli;

namespace DailyPapers.Tests.Deliver;

/// <summary>Slack delivery through the CLI against a loopback server speaking the Web API and incoming webhooks.</summary>
public sealed class SlackDeliveryTests : IAsyncLifetime
{
    private ChatServer _server = null!;

    public async Task InitializeAsync() => _server = await ChatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string> Settings(string store, string name = "team", string to = "C0123", Dictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = store,
            ["DailyPapers:Http:RetryBaseDelay"] = "00:00:00",
            [$"DailyPapers:Channels:{name}:Kind"] = "slack",
            [$"DailyPapers:Channels:{name}:Url"] = _server.BaseUrl + "/api",
            [$"DailyPapers:Channels:{name}:Token"] = ChatServer.SlackToken,
            [$"DailyPapers:Channels:{name}:To"] = to,
        };
        foreach (var (k, v) in more ?? []) settings[k] = v;
        return settings;
    }

    private static void NoSecret(CliRunner.Result result, params string[] secrets)
    {
        foreach (var s in secrets)
        {
            Assert.DoesNotContain(s, result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(s, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_day_is_a_parent_message_with_one_threaded_reply_per_paper_escaped_for_mrkdwn_and_a_rerun_sends_nothing()
    {
        // Given a stored day of eight summarized papers, one summary carrying markup
        var store = await DeliveryStore.CreateAsync();

        // When it is delivered, then delivered again
        var first = await CliRunner.RunAsync(Settings(store), "deliver", "--date", "2024-08-15");
        var second = await CliRunner.RunAsync(Settings(store), "deliver", "--date", "2024-08-15");

        // Then the first run posted the parent and eight replies in its thread, with the bot token
        Assert.Equal(0, first.ExitCode);
        var messages = _server.Messages.ToList();
        Assert.Equal(9, messages.Count);
        Assert.Null(messages[0].Thread);
        Assert.Contains("Daily Papers 2024-08-15", messages[0].Text, StringComparison.Ordinal);
        Assert.All(messages.Skip(1), m => Assert.Equal(messages[0].Id, m.Thread));
        Assert.All(messages, m => Assert.Equal("C0123", m.Body["channel"]!.ToString()));
        Assert.Contains("team (slack, ko): 8 papers; 9 sent, 0 edited, 0 unchanged", first.Stderr, StringComparison.Ordinal);
        // and the hostile summary reached Slack escaped: no mention, link or tag can be injected
        var hostile = messages.Single(m => m.Body.ToJsonString().Contains("alert(1)", StringComparison.Ordinal));
        var mrkdwn = string.Join("\n", ((JsonArray)hostile.Body["blocks"]!).Select(b => b!["text"]!["text"]!.ToString()));
        Assert.Contains("&lt;!channel&gt; &amp; &lt;b&gt;bold&lt;/b&gt;", mrkdwn, StringComparison.Ordinal);
        Assert.DoesNotContain("<!channel>", mrkdwn, StringComparison.Ordinal);
        // and the second run sent nothing and edited nothing
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(9, _server.Messages.Count);
        Assert.Empty(_server.Edits);
        Assert.Contains("0 sent, 0 edited, 9 unchanged", second.Stderr, StringComparison.Ordinal);
        Assert.All(await DeliveryStore.RecordsAsync(store, "team"), r => Assert.Equal(DeliveryState.Sent, r.State));
        NoSecret(first, ChatServer.SlackToken);
    }

    [Fact]
    public async Task A_changed_summary_edits_its_reply_with_chat_update_and_resend_posts_a_new_thread()
    {
        // Given a delivered day
        var store = await DeliveryStore.CreateAsync();
        Assert.Equal(0, (await CliRunner.RunAsync(Settings(store), "deliver", "--date", "2024-08-15")).ExitCode);
        var posted = _server.Messages.ToList();

        // When one paper's summary is made again with other text and the day is delivered again
        var changed = Fixtures.SampleDay().Ranked[2].Paper.ArxivId;
        await DeliveryStore.ResummarizeAsync(store, e => e.Paper.ArxivId == changed ? "고쳐진 요약입니다." : DeliveryStore.DefaultText(e));
        var rerun = await CliRunner.RunAsync(Settings(store), "deliver", "--date", "2024-08-15");

        // Then only that paper's reply was edited in place (same ts), and nothing was posted
        Assert.Equal(0, rerun.ExitCode);
        var edit = Assert.Single(_server.Edits);
        Assert.Equal(posted.Single(m => m.Body.ToJsonString().Contains(changed, StringComparison.Ordinal)).Id, edit.Id);
        Assert.Contains("고쳐진 요약입니다.", edit.Body.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        Assert.Equal(9, _server.Messages.Count);
        Assert.Contains("0 sent, 1 edited, 8 unchanged", rerun.Stderr, StringComparison.Ordinal);

        // When it is sent with --resend
        var resend = await CliRunner.RunAsync(Settings(store), "deliver", "--date", "2024-08-15", "--resend");

        // Then a whole new thread was posted under a new parent
        Assert.Equal(0, resend.ExitCode);
        var fresh = _server.Messages.Skip(9).ToList();
        Assert.Equal(9, fresh.Count);
        Assert.Null(fresh[0].Thread);
        Assert.NotEqual(posted[0].Id, fresh[0].Id);
        Assert.All(fresh.Skip(1), m => Assert.Equal(fresh[0].Id, m.Thread));
    }

    [Fact]
    public async Task A_refused_channel_is_named_in_the_report_exit_1_and_another_channel_still_delivers()
    {
        // Given two channels, the first (alphabetically) naming a channel Slack does not know
        var store = await DeliveryStore.CreateAsync();
        var settings = Settings(store, "alpha", "C_MISSING", Settings(store, "beta"));

        // When the day is delivered
        var result = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15");

        // Then the refusal is named with Slack's error, the other channel got the whole day, and the exit code is 1
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAILED alpha: day: Slack's chat.postMessage refused the message: channel_not_found", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("beta (slack, ko): 8 papers; 9 sent", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(9, _server.Messages.Count(m => m.Body["channel"]!.ToString() == "C0123"));
        var failed = Assert.Single(await DeliveryStore.RecordsAsync(store, "alpha"));
        Assert.Equal((DeliveryState.Failed, "Slack's chat.postMessage refused the message: channel_not_found"), (failed.State, failed.Error));
        NoSecret(result, ChatServer.SlackToken);
    }

    [Fact]
    public async Task Rate_limits_server_errors_and_slow_replies_are_retried_honouring_retry_after_without_duplicates()
    {
        // Given a server that answers the first post 429 (Retry-After: 1), the next 500, the next too slowly
        var store = await DeliveryStore.CreateAsync();
        _server.Inject("/api/chat.postMessage", ChatFault.TooManyRequests, ChatFault.ServerError, ChatFault.Slow);
        // The slow reply outlasts the attempt time-out by far, and the time-out leaves a loaded machine room for the
        // normal replies (at 1 s, one of them timed out on CI and was posted twice)
        _server.SlowDelay = TimeSpan.FromSeconds(60);
        var settings = Settings(store, more: new() { ["DailyPapers:Http:AttemptTimeout"] = "00:00:05" });

        // When the day is delivered
        var result = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15");

        // Then every message went once, after the retries, and the retry after the 429 waited the second Slack asked for
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(9, _server.Messages.Count);
        Assert.Equal(9, _server.Messages.Select(m => m.Body["blocks"]!.ToJsonString()).Distinct().Count());
        var requests = _server.Requests.ToList();
        Assert.Equal(12, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_delivery_killed_midway_resumes_with_what_was_not_sent_and_only_the_message_in_flight_can_go_twice()
    {
        // Given a server that accepts the fourth message and never answers it
        var store = await DeliveryStore.CreateAsync();
        _server.Inject("/api/chat.postMessage", ChatFault.Pass, ChatFault.Pass, ChatFault.Pass, ChatFault.Hold);
        var env = Settings(store).ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant(), kv => kv.Value);

        // When the real program is killed while that message is in flight, then the delivery is run again
        using (var process = Process.Start(CliRunner.ProcessStart(env, "deliver", "--date", "2024-08-15"))!)
        {
            await _server.Held.Task.WaitAsync(TimeSpan.FromMinutes(1));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var held = _server.Messages.Last();
        var resumed = await CliRunner.RunAsync(Settings(store), "deliver", "--date", "2024-08-15");

        // Then every part arrived, the parent was not posted again, the three answered replies were not sent again,
        // and the only message sent twice is the one in flight at the kill (the documented window)
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.True(_server.Messages.Count == 10, resumed.Stderr + string.Join("\n", _server.Requests.Select(r => r.Path)));
        var messages = _server.Messages.ToList();
        Assert.Equal(10, messages.Count);
        Assert.Single(messages, m => m.Thread is null);
        Assert.All(messages.Skip(1), m => Assert.Equal(messages[0].Id, m.Thread));
        var twice = messages.GroupBy(m => m.Body["blocks"]!.ToJsonString()).Where(g => g.Count() > 1).ToList();
        Assert.Equal(held.Body["blocks"]!.ToJsonString(), Assert.Single(twice).Key);
        Assert.Contains("6 sent, 0 edited, 3 unchanged", resumed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_incoming_webhook_gets_the_same_messages_unthreaded_never_edited_and_its_url_is_never_shown()
    {
        // Given a Slack channel configured by an incoming-webhook URL (its path is the secret)
        var store = await DeliveryStore.CreateAsync();
        var hook = _server.BaseUrl + "/slack-hook/T0001/B0001/s3cr3tWebhookPart";
        var settings = new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = store,
            ["DailyPapers:Http:RetryBaseDelay"] = "00:00:00",
            ["DailyPapers:Channels:hook:Kind"] = "slack",
            ["DailyPapers:Channels:hook:Url"] = hook,
        };

        // When it is delivered, the summaries change, it is delivered again, then once more with --resend
        var first = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15");
        await DeliveryStore.ResummarizeAsync(store, e => "모두 새로 쓴 요약.");
        var second = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15");
        var third = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15", "--resend");

        // Then nine unthreaded messages went, the change was reported but not sent until --resend
        Assert.Equal((0, 0, 0), (first.ExitCode, second.ExitCode, third.ExitCode));
        Assert.All(_server.Messages, m => Assert.Equal(("slack-hook", null), (m.Service, m.Thread)));
        Assert.Equal(18, _server.Messages.Count);
        Assert.Contains("0 sent, 0 edited, 1 unchanged, 8 changed but not re-sent", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("모두 새로 쓴 요약.", _server.Messages.Last().Body.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);

        // When the webhook refuses
        _server.Inject("/slack-hook/", ChatFault.NotFound);
        var refused = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15", "--resend");

        // Then the failure is named without the URL or its secret path
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FAILED hook: day: Slack answered 404 Not Found: channel_not_found", refused.Stderr, StringComparison.Ordinal);
        NoSecret(refused, "s3cr3tWebhookPart", hook);
        Assert.All(await DeliveryStore.RecordsAsync(store, "hook"), r => Assert.DoesNotContain("s3cr3t", r.Error ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_paper_the_filters_no_longer_keep_has_its_reply_deleted_and_the_rest_is_left_alone()
    {
        // Given the top three papers delivered
        var store = await DeliveryStore.CreateAsync();
        Assert.Equal(0, (await CliRunner.RunAsync(Settings(store, more: new() { ["DailyPapers:Channels:team:Top"] = "3" }), "deliver", "--date", "2024-08-15")).ExitCode);

        // When the channel is narrowed to the top two (the parent's count changes) and delivered again
        var rerun = await CliRunner.RunAsync(Settings(store, more: new() { ["DailyPapers:Channels:team:Top"] = "2" }), "deliver", "--date", "2024-08-15");

        // Then the third paper's reply was deleted, the parent edited, and nothing posted
        Assert.Equal(0, rerun.ExitCode);
        var messages = _server.Messages.ToList();
        Assert.Equal(4, messages.Count);
        Assert.Equal(messages[3].Id, Assert.Single(_server.Deletes));
        Assert.Equal(messages[0].Id, Assert.Single(_server.Edits).Id);
        Assert.Contains("0 sent, 1 edited, 2 unchanged, 1 deleted (no longer in the day)", rerun.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, _server.Visible().Count);
    }

    [Fact]
    public async Task Block_Kit_limits_hold_for_an_oversized_summary()
    {
        // Given a summary of 7,000 characters (Slack refuses a section over 3,000)
        var store = await DeliveryStore.CreateAsync(e => e.FeedOrder == 1 ? new string('가', 7000) : DeliveryStore.DefaultText(e));

        // When the day is delivered
        var result = await CliRunner.RunAsync(Settings(store), "deliver", "--date", "2024-08-15");

        // Then Slack accepted every message, each within the limits
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(9, _server.Messages.Count);
        Assert.All(_server.Messages, m =>
        {
            var blocks = (JsonArray)m.Body["blocks"]!;
            Assert.InRange(blocks.Count, 1, 50);
            Assert.All(blocks, b => Assert.InRange(b!["text"]!["text"]!.ToString().Length, 1, 3000));
        });
        Assert.Contains(_server.Messages, m => m.Body.ToJsonString().Contains('…', StringComparison.Ordinal) || m.Body["blocks"]!.ToJsonString().Contains("\\u2026", StringComparison.Ordinal));
    }
}
