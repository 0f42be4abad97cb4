using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace DailyPapers.Tests.Live;

/// <summary>
/// The faults of a loopback server: queued per path prefix and played once each, and a reply written with its fault
/// in place (shared by <see cref="LoopbackServer"/> and the arXiv listing server).
/// </summary>
public sealed class FaultScript
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Fault>> _faults = new(StringComparer.Ordinal);

    /// <summary>Queues <paramref name="faults"/> for requests whose path and query start with <paramref name="prefix"/>.</summary>
    public void Inject(string prefix, params Fault[] faults)
    {
        var queue = _faults.GetOrAdd(prefix, _ => new ConcurrentQueue<Fault>());
        foreach (var f in faults) queue.Enqueue(f);
    }

    /// <summary>The next fault queued for this request, if any (taken off its queue).</summary>
    public Fault? Next(string pathAndQuery)
    {
        foreach (var (prefix, queue) in _faults)
            if (pathAndQuery.StartsWith(prefix, StringComparison.Ordinal) && queue.TryDequeue(out var f)) return f;
        return null;
    }

    /// <summary>
    /// Writes the reply, or instead: 429 with Retry-After 1, a bare 500, <paramref name="malformed"/> as a 200 body,
    /// or half the body under the full Content-Length and the connection aborted. <see cref="Fault.Slow"/> is the caller's delay.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, Fault? fault, int status, string type, byte[] body, byte[] malformed)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        var response = context.Response;
        switch (fault)
        {
            case Fault.TooManyRequests:
                response.StatusCode = 429;
                response.Headers.RetryAfter = "1";
                return;
            case Fault.ServerError:
                response.StatusCode = 500;
                return;
            case Fault.Malformed:
                (status, body) = (200, malformed);
                break;
            case Fault.TruncatedBody:
                response.StatusCode = status;
                response.ContentType = type;
                response.ContentLength = body.Length;
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2));
                await response.Body.FlushAsync();
                context.Abort();
                return;
        }
        response.StatusCode = status;
        response.ContentType = type;
        await response.Body.WriteAsync(body);
    }
}
