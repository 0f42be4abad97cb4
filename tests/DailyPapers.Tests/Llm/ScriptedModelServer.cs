using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DailyPapers.Tests.Llm;

/// <summary>
/// A loopback HttpListener server speaking OpenAI chat completions (<c>POST /v1/chat/completions</c>), Ollama
/// (<c>POST /api/chat</c>) and Anthropic Messages (<c>POST /v1/messages</c>), replaying scripted replies chosen by the
/// arXiv id in the request. It records every request so tests can assert what the real client libraries sent.
/// </summary>
internal sealed partial class ScriptedModelServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
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

    private ScriptedModelServer(HttpListener listener, string baseUrl)
    {
        _listener = listener;
        BaseUrl = baseUrl;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The reply for a paper without a script; null answers 500 "unscripted".</summary>
    public Func<RecordedRequest, ScriptedReply>? Fallback { get; set; }

    public string BaseUrl { get; }
    public string OpenAIEndpoint => BaseUrl + "/v1";
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);
    /// <summary>Requests being answered now (received, reply not yet written).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public static Task<ScriptedModelServer> StartAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return Task.FromResult(new ScriptedModelServer(listener, $"http://127.0.0.1:{port}"));
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
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

    private async Task HandleAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        Protocol? protocol = path switch
        {
            "/v1/chat/completions" => Protocol.OpenAI,
            "/api/chat" => Protocol.Ollama,
            "/v1/messages" => Protocol.Anthropic,
            _ => null,
        };
        try
        {
            if (context.Request.HttpMethod != "POST" || protocol is null)
            {
                await RespondAsync(context, 404, "application/json", "{\"error\":\"not found\"}");
                return;
            }
            var body = (await JsonNode.ParseAsync(context.Request.InputStream, cancellationToken: _stop.Token))!;
            var id = ArxivLine().Match(body.ToJsonString(Relaxed)) is { Success: true } m ? m.Groups[1].Value : null;
            var headers = context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k.ToLowerInvariant(), k => context.Request.Headers[k] ?? "");
            var request = new RecordedRequest(DateTimeOffset.UtcNow, path, body, id, headers);
            _requests.Enqueue(request);
            var now = Interlocked.Increment(ref _inFlight);
            for (var seen = Volatile.Read(ref _maxInFlight); now > seen && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen; seen = Volatile.Read(ref _maxInFlight)) { }
            try
            {
                var reply = Next(request);
                if (reply.Delay > TimeSpan.Zero)
                    await Task.Delay(reply.Delay, _stop.Token);
                if (reply.Status != 200)
                {
                    if (reply.RetryAfter is { } ra) context.Response.Headers["Retry-After"] = ra;
                    await RespondAsync(context, reply.Status, "application/json", JsonSerializer.Serialize(new { error = new { message = $"scripted status {reply.Status}", type = "scripted" } }));
                    return;
                }
                var (contentType, payload) = Payload(protocol.Value, body, reply);
                await RespondAsync(context, 200, contentType, payload);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The client gave up (its timeout) or the server is stopping: nobody to answer.
        }
    }

    private static async Task RespondAsync(HttpListenerContext context, int status, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private ScriptedReply Next(RecordedRequest request)
    {
        if (request.ArxivId is { } id && _scripts.TryGetValue(id, out var queue))
            return queue.Count > 1 && queue.TryDequeue(out var next) ? next : queue.TryPeek(out var last) ? last : ScriptedReply.Error(500);
        return Fallback?.Invoke(request) ?? ScriptedReply.Error(500);
    }

    private static (string ContentType, string Text) Payload(Protocol protocol, JsonNode body, ScriptedReply reply)
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
        // Ollama streams NDJSON unless told not to; one complete line serves both.
        return protocol == Protocol.Ollama && body["stream"]?.GetValue<bool>() != false
            ? ("application/x-ndjson", JsonSerializer.Serialize(payload) + "\n")
            : ("application/json", JsonSerializer.Serialize(payload));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
        _stop.Dispose();
    }
}
