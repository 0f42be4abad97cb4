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
/// A Kestrel server on 127.0.0.1 speaking the parts of Slack's Web API (<c>/api/chat.postMessage</c>, <c>/api/chat.update</c>)
/// and incoming webhooks (<c>/slack-hook/...</c>) that delivery uses, with their real response shapes. Every accepted
/// message is kept in <see cref="Messages"/>, edits in <see cref="Edits"/>; faults are queued per path prefix.
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    /// <summary>The bot token the Web API accepts.</summary>
    public const string SlackToken = "xoxb-test-secret-token-0001";

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
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
        var fault = NextFault(path);
        if (fault == ChatFault.Slow) await Task.Delay(SlowDelay, context.RequestAborted);
        var auth = context.Request.Headers.Authorization.ToString();
        if (path.StartsWith("/api/", StringComparison.Ordinal))
            await SlackApiAsync(context, path[5..], body, auth, fault);
        else if (path.StartsWith("/slack-hook/", StringComparison.Ordinal))
            await SlackHookAsync(context, body, fault);
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
