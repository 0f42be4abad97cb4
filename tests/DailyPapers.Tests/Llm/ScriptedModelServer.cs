using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Llm;

/// <summary>
/// A loopback Kestrel server speaking OpenAI chat completions (<c>POST /v1/chat/completions</c>), Ollama
/// (<c>POST /api/chat</c>) and Anthropic Messages (<c>POST /v1/messages</c>), replaying scripted replies chosen by the
/// arXiv id in the request. It records every request so tests can assert what the real client libraries sent.
/// </summary>
internal sealed partial class ScriptedModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedReply>> _scripts = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>A request as received: when, which path, its JSON body and headers.</summary>
    public sealed record RecordedRequest(DateTimeOffset At, string Path, JsonNode Body, string? ArxivId, IReadOnlyDictionary<string, string> Headers)
    {
        /// <summary>The text of every message (and Anthropic's system field) joined.</summary>
        public string AllText => Body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        public string SystemText => Body["system"]?.ToJsonString() ?? Messages("system");
        public string UserText => Messages("user");

        private string Messages(string role) => string.Join("\n", (Body["messages"]?.AsArray() ?? [])
            .Where(m => m?["role"]?.GetValue<string>() == role)
            .Select(m => m!["content"] is JsonValue v ? v.GetValue<string>() : string.Join("\n", m["content"]!.AsArray().Select(p => p?["text"]?.GetValue<string>()))));
    }

    private ScriptedModelServer(WebApplication app) => _app = app;

    /// <summary>The reply for a paper without a script; null answers 500 "unscripted".</summary>
    public Func<RecordedRequest, ScriptedReply>? Fallback { get; set; }

    public string BaseUrl => _app.Urls.First();
    public string OpenAIEndpoint => BaseUrl + "/v1";
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static async Task<ScriptedModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedModelServer(app);
        app.MapPost("/v1/chat/completions", (HttpContext c) => server.HandleAsync(c, Protocol.OpenAI));
        app.MapPost("/api/chat", (HttpContext c) => server.HandleAsync(c, Protocol.Ollama));
        app.MapPost("/v1/messages", (HttpContext c) => server.HandleAsync(c, Protocol.Anthropic));
        await app.StartAsync();
        return server;
    }

    /// <summary>Queues replies for a paper, answered in order; the last one repeats.</summary>
    public ScriptedModelServer Script(string arxivId, params ScriptedReply[] replies)
    {
        _scripts[arxivId] = new ConcurrentQueue<ScriptedReply>(replies);
        return this;
    }

    public IReadOnlyList<RecordedRequest> RequestsFor(string arxivId) => [.. _requests.Where(r => r.ArxivId == arxivId)];

    private enum Protocol { OpenAI, Ollama, Anthropic }

    [GeneratedRegex(@"arXiv: (\d{4}\.\d{4,5})")]
    private static partial Regex ArxivLine();

    private async Task HandleAsync(HttpContext context, Protocol protocol)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
        var id = ArxivLine().Match(body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) is { Success: true } m ? m.Groups[1].Value : null;
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var request = new RecordedRequest(DateTimeOffset.UtcNow, context.Request.Path, body, id, headers);
        _requests.Enqueue(request);
        var now = Interlocked.Increment(ref _inFlight);
        for (var seen = Volatile.Read(ref _maxInFlight); now > seen && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen; seen = Volatile.Read(ref _maxInFlight)) { }
        try
        {
            var reply = Next(request);
            if (reply.Delay > TimeSpan.Zero)
                await Task.Delay(reply.Delay, context.RequestAborted);
            if (reply.Status != 200)
            {
                context.Response.StatusCode = reply.Status;
                if (reply.RetryAfter is { } ra) context.Response.Headers.RetryAfter = ra;
                await context.Response.WriteAsJsonAsync(new { error = new { message = $"scripted status {reply.Status}", type = "scripted" } }, context.RequestAborted);
                return;
            }
            await WriteAsync(context, protocol, body, reply);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its timeout); nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private ScriptedReply Next(RecordedRequest request)
    {
        if (request.ArxivId is { } id && _scripts.TryGetValue(id, out var queue))
            return queue.Count > 1 && queue.TryDequeue(out var next) ? next : queue.TryPeek(out var last) ? last : ScriptedReply.Error(500);
        return Fallback?.Invoke(request) ?? ScriptedReply.Error(500);
    }

    private static Task WriteAsync(HttpContext context, Protocol protocol, JsonNode body, ScriptedReply reply)
    {
        var model = body["model"]?.GetValue<string>() ?? "unknown";
        var text = reply.Content ?? "";
        var input = body.ToJsonString().Length / 4;
        var output = Math.Max(1, text.Length / 2);
        object payload = protocol switch
        {
            Protocol.OpenAI => new Dictionary<string, object?>
            {
                ["id"] = "chatcmpl-scripted", ["object"] = "chat.completion", ["created"] = 1723680000, ["model"] = model,
                ["choices"] = new[] { new Dictionary<string, object?> { ["index"] = 0, ["message"] = new { role = "assistant", content = text }, ["finish_reason"] = reply.CutOff ? "length" : "stop" } },
                ["usage"] = new { prompt_tokens = input, completion_tokens = output, total_tokens = input + output },
            },
            Protocol.Ollama => new Dictionary<string, object?>
            {
                ["model"] = model, ["created_at"] = "2024-08-15T00:00:00Z", ["message"] = new { role = "assistant", content = text },
                ["done"] = true, ["done_reason"] = reply.CutOff ? "length" : "stop", ["prompt_eval_count"] = input, ["eval_count"] = output,
            },
            _ => new Dictionary<string, object?>
            {
                ["id"] = "msg_scripted", ["type"] = "message", ["role"] = "assistant", ["model"] = model,
                ["content"] = new[] { new { type = "text", text } },
                ["stop_reason"] = reply.CutOff ? "max_tokens" : "end_turn", ["stop_sequence"] = null,
                ["usage"] = new { input_tokens = input, output_tokens = output },
            },
        };
        if (protocol == Protocol.Ollama && body["stream"]?.GetValue<bool>() != false)
        {
            // Ollama streams NDJSON unless told not to.
            context.Response.ContentType = "application/x-ndjson";
            return context.Response.WriteAsync(JsonSerializer.Serialize(payload) + "\n", context.RequestAborted);
        }
        return context.Response.WriteAsJsonAsync(payload, context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
