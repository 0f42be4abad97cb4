namespace DailyPapers.Collect.Http;

/// <summary>How outbound HTTP calls behave (<c>DailyPapers:Http</c>): timeouts, retries, circuit breaking, identity.</summary>
public sealed class HttpOptions
{
    /// <summary>The User-Agent sent with every request; arXiv asks API clients to identify themselves.</summary>
    public string UserAgent { get; set; } = "DailyPapers/1.0 (+https://github.com/dailypapers/dailypapers; daily paper digests)";

    /// <summary>Time allowed to open a connection; an unreachable host fails within it.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for one attempt (connect, send, read the whole body).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for a request including every retry and its waits.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt, on 408, 429, 5xx, timeouts and broken responses.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off delay; it doubles each retry, with jitter. A Retry-After header wins.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait honoured from a Retry-After header or back-off.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a host's circuit stays open after repeated failures (no request is sent meanwhile).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a host that cannot be reached at all (no name, no route, refused) is not tried again.</summary>
    public TimeSpan UnreachableCooldown { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest response body read (PDFs included).</summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;
}
