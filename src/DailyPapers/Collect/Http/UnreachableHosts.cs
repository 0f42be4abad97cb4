using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DailyPapers.Collect.Http;

/// <summary>
/// Hosts that could not be reached at all (name not resolved, no route, connection refused). A host on this list
/// fails at once for <see cref="HttpOptions.UnreachableCooldown"/>, so an offline run does not wait on each paper.
/// </summary>
public sealed class UnreachableHosts(IOptions<HttpOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, string Reason)> _down = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Marks a host down with the reason.</summary>
    public void MarkDown(string host, string reason) => _down[host] = (time.GetUtcNow() + options.Value.UnreachableCooldown, reason);

    /// <summary>The reason the host is down, or null when it may be tried.</summary>
    public string? ReasonDown(string host)
    {
        if (!_down.TryGetValue(host, out var state)) return null;
        if (state.Until > time.GetUtcNow()) return state.Reason;
        _down.TryRemove(host, out _);
        return null;
    }
}
