using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Deliver;

/// <summary>A fault the chat server plays once, in the service's real response shape, instead of the normal reply.</summary>
public enum ChatFault
{
    /// <summary>No fault: the normal reply (to let earlier requests pass before a later fault).</summary>
    Pass,
    /// <summary>The service refuses the target: Slack's 200 {"ok":false,"error":"channel_not_found"}, Telegram's 400 "chat not found", Discord's 404 "Unknown Webhook".</summary>
    NotFound,
    /// <summary>429: Slack's Retry-After header, Discord's JSON retry_after, Telegram's parameters.retry_after (1 second).</summary>
    TooManyRequests,
    /// <summary>500.</summary>
    ServerError,
    /// <summary>The normal reply after <see cref="ChatServer.SlowDelay"/>, longer than the client's attempt time-out.</summary>
    Slow,
    /// <summary>The message is accepted, then the reply waits until the test ends (a process killed mid-request).</summary>
    Hold,
}

/// <summary>A message the server accepted (or, for an edit, replaced).</summary>
public sealed record ChatMessage(string Service, string Method, string Id, string? Thread, string Text, JsonObject Body, string? Authorization);

/// <summary>
/// A Kestrel server on 127.0.0.1 speaking the parts of Slack's Web API (<c>/api/chat.postMessage</c>, <c>/api/chat.update</c>),
/// Slack incoming webhooks (<c>/slack-hook/...</c>), Discord webhooks (<c>/discord/webhooks/ID/TOKEN</c>), Telegram's Bot API
/// (<c>/telegram/botTOKEN/METHOD</c>) and a plain webhook (<c>/hook/...</c>) that delivery uses, with their real response shapes. Every accepted
/// message is kept in <see cref="Messages"/>, edits in <see cref="Edits"/>; faults are queued per path prefix.
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    /// <summary>The bot token the Web API accepts.</summary>
    public const string SlackToken = "xoxb-test-secret-token-0001";

    /// <summary>The Telegram bot token the Bot API accepts (in the path, as Telegram has it).</summary>
    public const string TelegramToken = "123456:TELEGRAM-secret-token";

    /// <summary>Signatures received by the generic webhook: the header and the body it covers.</summary>
    public ConcurrentQueue<(string? Signature, byte[] Body)> Webhooks { get; } = new();

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ChatFault>> _faults = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _ts = 1723680000_000100;

    private ChatServer(WebApplication app) => _app = app;

    /// <summary>The base URL, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Messages accepted, in order (a message posted twice appears twice).</summary>
    public ConcurrentQueue<ChatMessage> Messages { get; } = new();

    /// <summary>Edits accepted, in order.</summary>
    public ConcurrentQueue<ChatMessage> Edits { get; } = new();

    /// <summary>Ids of messages deleted, in order.</summary>
    public ConcurrentQueue<string> Deletes { get; } = new();

    /// <summary>What a reader sees now: every message not deleted, with its latest edit.</summary>
    public IReadOnlyList<ChatMessage> Visible() =>
        [.. Messages.Where(m => !Deletes.Contains(m.Id)).Select(m => Edits.LastOrDefault(e => e.Id == m.Id) is { } e ? m with { Text = e.Text, Body = e.Body } : m)];

    /// <summary>Every request's path and arrival time, in order (faults included).</summary>
    public ConcurrentQueue<(string Path, DateTimeOffset At)> Requests { get; } = new();

    /// <summary>Delay of a <see cref="ChatFault.Slow"/> reply.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Set when a <see cref="ChatFault.Hold"/> request has been accepted and is being held.</summary>
    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<ChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ChatServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Plays <paramref name="faults"/> in order on the next requests whose path starts with <paramref name="prefix"/>.</summary>
    public void Inject(string prefix, params ChatFault[] faults)
    {
        var queue = _faults.GetOrAdd(prefix, _ => new ConcurrentQueue<ChatFault>());
        foreach (var f in faults) queue.Enqueue(f);
    }

    private ChatFault? NextFault(string path)
    {
        foreach (var (prefix, queue) in _faults)
            if (path.StartsWith(prefix, StringComparison.Ordinal) && queue.TryDequeue(out var f)) return f;
        return null;
    }

    private string NextTs() => (Interlocked.Increment(ref _ts) / 1_000_000.0).ToString("F6", CultureInfo.InvariantCulture);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        Requests.Enqueue((path, DateTimeOffset.UtcNow));
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var raw = buffer.ToArray();
        var body = raw.Length == 0 ? [] : JsonNode.Parse(raw) as JsonObject ?? [];
        var fault = NextFault(path);
        if (fault == ChatFault.Slow) await Task.Delay(SlowDelay, context.RequestAborted);
        var auth = context.Request.Headers.Authorization.ToString();
        if (path.StartsWith("/api/", StringComparison.Ordinal))
            await SlackApiAsync(context, path[5..], body, auth, fault);
        else if (path.StartsWith("/slack-hook/", StringComparison.Ordinal))
            await SlackHookAsync(context, body, fault);
        else if (path.StartsWith("/discord/", StringComparison.Ordinal))
            await DiscordAsync(context, path, body, fault);
        else if (path.StartsWith($"/telegram/bot{TelegramToken}/", StringComparison.Ordinal))
            await TelegramAsync(context, path[(path.LastIndexOf('/') + 1)..], body, fault);
        else if (path.StartsWith("/hook/", StringComparison.Ordinal))
            await WebhookAsync(context, raw, body, fault);
        else
            context.Response.StatusCode = 404;
    }

    private async Task SlackApiAsync(HttpContext context, string method, JsonObject body, string auth, ChatFault? fault)
    {
        switch (fault)
        {
            case ChatFault.TooManyRequests:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" });
                return;
            case ChatFault.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("Internal Server Error");
                return;
            case ChatFault.NotFound:
                await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "channel_not_found" });
                return;
        }
        if (auth != $"Bearer {SlackToken}")
        {
            await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = auth.Length == 0 ? "not_authed" : "invalid_auth" });
            return;
        }
        var channel = body["channel"]?.ToString();
        var text = body["text"]?.ToString() ?? "";
        if (channel is null or "" or "C_MISSING")
        {
            await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "channel_not_found" });
            return;
        }
        if (body["blocks"] is JsonArray { Count: > 50 } || body["blocks"] is JsonArray blocks && blocks.Any(b => b?["text"]?["text"]?.ToString().Length > 3000))
        {
            await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "invalid_blocks" });
            return;
        }
        switch (method)
        {
            case "chat.postMessage":
                var ts = NextTs();
                Messages.Enqueue(new ChatMessage("slack", method, ts, body["thread_ts"]?.ToString(), text, body, auth));
                await HoldIfAsked(fault);
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["ok"] = true, ["channel"] = channel, ["ts"] = ts,
                    ["message"] = new JsonObject { ["type"] = "message", ["text"] = text, ["ts"] = ts, ["bot_id"] = "B0001" },
                });
                return;
            case "chat.delete":
                Deletes.Enqueue(body["ts"]?.ToString() ?? "");
                await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = body["ts"]?.ToString() });
                return;
            case "chat.update":
                var id = body["ts"]?.ToString() ?? "";
                if (!Messages.Any(m => m.Id == id))
                {
                    await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "message_not_found" });
                    return;
                }
                Edits.Enqueue(new ChatMessage("slack", method, id, null, text, body, auth));
                await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = id, ["text"] = text });
                return;
            default:
                await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error"] = "unknown_method" });
                return;
        }
    }

    // Incoming webhooks answer plain text: "ok", or an error code with a 4xx status.
    private async Task SlackHookAsync(HttpContext context, JsonObject body, ChatFault? fault)
    {
        context.Response.ContentType = "text/plain";
        switch (fault)
        {
            case ChatFault.TooManyRequests:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsync("rate_limited");
                return;
            case ChatFault.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("internal_error");
                return;
            case ChatFault.NotFound:
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("channel_not_found");
                return;
        }
        Messages.Enqueue(new ChatMessage("slack-hook", "webhook", NextTs(), null, body["text"]?.ToString() ?? "", body, null));
        await HoldIfAsked(fault);
        await context.Response.WriteAsync("ok");
    }

    // Discord: POST ?wait=true answers the message object; PATCH .../messages/ID edits; 429 carries retry_after in JSON.
    private async Task DiscordAsync(HttpContext context, string path, JsonObject body, ChatFault? fault)
    {
        switch (fault)
        {
            case ChatFault.TooManyRequests:
                context.Response.StatusCode = 429;
                await context.Response.WriteAsJsonAsync(new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = 1.0, ["global"] = false });
                return;
            case ChatFault.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsJsonAsync(new JsonObject { ["message"] = "500: Internal Server Error", ["code"] = 0 });
                return;
            case ChatFault.NotFound:
                context.Response.StatusCode = 404;
                await context.Response.WriteAsJsonAsync(new JsonObject { ["message"] = "Unknown Webhook", ["code"] = 10015 });
                return;
        }
        var marker = path.IndexOf("/messages/", StringComparison.Ordinal);
        if (context.Request.Method == "DELETE" && marker > 0)
        {
            Deletes.Enqueue(path[(marker + 10)..]);
            context.Response.StatusCode = 204;
            return;
        }
        var content = body["content"]?.ToString() ?? "";
        var embeds = body["embeds"] as JsonArray ?? [];
        var tooLong = content.Length > 2000 || embeds.Count > 10 || embeds.Any(e => e?["title"]?.ToString().Length > 256 || e?["description"]?.ToString().Length > 4096
            || (e?["title"]?.ToString().Length ?? 0) + (e?["description"]?.ToString().Length ?? 0) + (e?["footer"]?["text"]?.ToString().Length ?? 0) > 6000);
        if (tooLong || content.Length == 0 && embeds.Count == 0)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["message"] = "Invalid Form Body", ["code"] = 50035 });
            return;
        }
        if (context.Request.Method == "PATCH" && marker > 0)
        {
            var id = path[(marker + 10)..];
            if (!Messages.Any(m => m.Id == id))
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsJsonAsync(new JsonObject { ["message"] = "Unknown Message", ["code"] = 10008 });
                return;
            }
            Edits.Enqueue(new ChatMessage("discord", "edit", id, null, content, body, null));
            await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = id, ["content"] = content });
            return;
        }
        var mid = ((long)(Interlocked.Increment(ref _ts) % 1_000_000_000) + 1_270_000_000_000_000_000L).ToString(CultureInfo.InvariantCulture);
        Messages.Enqueue(new ChatMessage("discord", "post", mid, null, content, body, null));
        await HoldIfAsked(fault);
        if (context.Request.Query["wait"] != "true")
        {
            context.Response.StatusCode = 204;
            return;
        }
        await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = mid, ["type"] = 0, ["content"] = content, ["channel_id"] = "1100", ["webhook_id"] = "2200" });
    }

    // Telegram: {"ok":true,"result":{...}}; errors {"ok":false,"error_code":N,"description":"..."} (429 with parameters.retry_after).
    private async Task TelegramAsync(HttpContext context, string method, JsonObject body, ChatFault? fault)
    {
        async Task ErrorAsync(int code, string description, JsonObject? parameters = null)
        {
            context.Response.StatusCode = code;
            var error = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
            if (parameters is not null) error["parameters"] = parameters;
            await context.Response.WriteAsJsonAsync(error);
        }
        switch (fault)
        {
            case ChatFault.TooManyRequests:
                await ErrorAsync(429, "Too Many Requests: retry after 1", new JsonObject { ["retry_after"] = 1 });
                return;
            case ChatFault.ServerError:
                await ErrorAsync(500, "Internal Server Error");
                return;
            case ChatFault.NotFound:
                await ErrorAsync(400, "Bad Request: chat not found");
                return;
        }
        var text = body["text"]?.ToString() ?? "";
        if (text.Length > 4096)
        {
            await ErrorAsync(400, "Bad Request: message is too long");
            return;
        }
        if (body["parse_mode"]?.ToString() == "HTML" && !WellFormedTelegramHtml(text))
        {
            await ErrorAsync(400, "Bad Request: can't parse entities");
            return;
        }
        switch (method)
        {
            case "sendMessage":
                var id = (Interlocked.Increment(ref _ts) % 100_000).ToString(CultureInfo.InvariantCulture);
                Messages.Enqueue(new ChatMessage("telegram", method, id, null, text, body, null));
                await HoldIfAsked(fault);
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["ok"] = true,
                    ["result"] = new JsonObject { ["message_id"] = long.Parse(id, CultureInfo.InvariantCulture), ["chat"] = new JsonObject { ["id"] = -100123, ["type"] = "channel" }, ["date"] = 1723680000, ["text"] = text },
                });
                return;
            case "deleteMessage":
                Deletes.Enqueue(body["message_id"]?.ToString() ?? "");
                await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = true, ["result"] = true });
                return;
            case "editMessageText":
                var mid = body["message_id"]?.ToString() ?? "";
                var original = Messages.FirstOrDefault(m => m.Id == mid);
                if (original is null)
                {
                    await ErrorAsync(400, "Bad Request: message to edit not found");
                    return;
                }
                if (Edits.Where(e => e.Id == mid).Select(e => e.Text).DefaultIfEmpty(original.Text).Last() == text)
                {
                    await ErrorAsync(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
                    return;
                }
                Edits.Enqueue(new ChatMessage("telegram", method, mid, null, text, body, null));
                await context.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = true, ["result"] = new JsonObject { ["message_id"] = long.Parse(mid, CultureInfo.InvariantCulture), ["text"] = text } });
                return;
            default:
                await ErrorAsync(404, "Not Found");
                return;
        }
    }

    // Telegram's HTML mode accepts only a few tags, with & < > escaped elsewhere; this is the check it makes.
    private static bool WellFormedTelegramHtml(string text)
    {
        var stack = new Stack<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '<')
            {
                var end = text.IndexOf('>', i);
                if (end < 0) return false;
                var tag = text[(i + 1)..end];
                var closing = tag.StartsWith('/');
                var name = (closing ? tag[1..] : tag).Split(' ')[0];
                if (name is not ("b" or "i" or "u" or "s" or "a" or "code" or "pre" or "blockquote")) return false;
                if (closing)
                {
                    if (stack.Count == 0 || stack.Pop() != name) return false;
                }
                else stack.Push(name);
                i = end + 1;
            }
            else if (text[i] == '&')
            {
                var end = text.IndexOf(';', i);
                if (end < 0 || text[(i + 1)..end] is not ("lt" or "gt" or "amp" or "quot") && !text[(i + 1)..end].StartsWith('#')) return false;
                i = end + 1;
            }
            else if (text[i] == '>') return false;
            else i++;
        }
        return stack.Count == 0;
    }

    private async Task WebhookAsync(HttpContext context, byte[] raw, JsonObject body, ChatFault? fault)
    {
        switch (fault)
        {
            case ChatFault.TooManyRequests:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                return;
            case ChatFault.ServerError:
                context.Response.StatusCode = 500;
                return;
            case ChatFault.NotFound:
                context.Response.StatusCode = 404;
                return;
        }
        Webhooks.Enqueue((context.Request.Headers["X-DailyPapers-Signature"].ToString() is { Length: > 0 } s ? s : null, raw));
        Messages.Enqueue(new ChatMessage("webhook", "post", NextTs(), null, "", body, null));
        context.Response.StatusCode = 204;
    }

    private async Task HoldIfAsked(ChatFault? fault)
    {
        if (fault != ChatFault.Hold) return;
        Held.TrySetResult();
        await Task.Delay(Timeout.Infinite, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Stops the server (releasing held requests).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
