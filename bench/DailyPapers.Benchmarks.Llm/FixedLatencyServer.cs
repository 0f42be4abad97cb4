using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace DailyPapers.Benchmarks.Llm;

/// <summary>A loopback OpenAI chat-completions server that answers every call with the same scripted Korean JSON after a fixed delay.</summary>
internal sealed class FixedLatencyServer : IAsyncDisposable
{
    private static readonly string Content = JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["What's New"] = "이 논문은 새로운 방법을 제안합니다 (scripted benchmark reply).",
        ["Technical Details"] = "비전 트랜스포머(ViT)와 대형 언어 모델(LLM)을 결합합니다.",
        ["Performance Highlights"] = "여러 벤치마크에서 기존 방법보다 좋은 결과를 냈습니다.",
    });

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _calls;
    private long _firstArrival = long.MaxValue;
    private long _lastReply;

    public FixedLatencyServer(TimeSpan latency)
    {
        Latency = latency;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            BaseUrl = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public string BaseUrl { get; }
    public TimeSpan Latency { get; set; }
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Stopwatch timestamps of the first request received and the last reply sent since <see cref="ResetWindow"/>.</summary>
    public (long First, long Last) Window => (Interlocked.Read(ref _firstArrival), Interlocked.Read(ref _lastReply));

    public void ResetWindow()
    {
        Interlocked.Exchange(ref _firstArrival, long.MaxValue);
        Interlocked.Exchange(ref _lastReply, 0);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext c;
            try { c = await _listener.GetContextAsync(); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            _ = Task.Run(() => AnswerAsync(c));
        }
    }

    private async Task AnswerAsync(HttpListenerContext c)
    {
        using var body = await JsonDocument.ParseAsync(c.Request.InputStream);
        Interlocked.Increment(ref _calls);
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var seen = Interlocked.Read(ref _firstArrival); now < seen && Interlocked.CompareExchange(ref _firstArrival, now, seen) != seen; seen = Interlocked.Read(ref _firstArrival)) { }
        if (Latency > TimeSpan.Zero) await Task.Delay(Latency);
        var model = body.RootElement.GetProperty("model").GetString();
        var reply = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["id"] = "chatcmpl-bench", ["object"] = "chat.completion", ["created"] = 1723680000, ["model"] = model,
            ["choices"] = new[] { new Dictionary<string, object?> { ["index"] = 0, ["message"] = new { role = "assistant", content = Content }, ["finish_reason"] = "stop" } },
            ["usage"] = new { prompt_tokens = 1000, completion_tokens = 200, total_tokens = 1200 },
        });
        c.Response.ContentType = "application/json";
        c.Response.ContentLength64 = reply.Length;
        await c.Response.OutputStream.WriteAsync(reply);
        c.Response.Close();
        var done = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var seen = Interlocked.Read(ref _lastReply); done > seen && Interlocked.CompareExchange(ref _lastReply, done, seen) != seen; seen = Interlocked.Read(ref _lastReply)) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Close();
        try { await _loop; } catch (ObjectDisposedException) { }
        _stop.Dispose();
    }
}
