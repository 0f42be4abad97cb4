using DailyPapers.Collect.Http;
using System.ClientModel;
using System.Globalization;
using System.Net;
using Polly.Timeout;

namespace DailyPapers.Llm;

/// <summary>Turns a failed model call (after the HTTP retries) into one line a user can act on.</summary>
internal static class CallFailure
{
    /// <param name="ex">What the call threw.</param>
    /// <param name="o">The options (timeout, retries, key to redact).</param>
    /// <param name="attemptsMade">The HTTP attempts counted; 0 (not counted) reports the configured maximum.</param>
    public static string Describe(Exception ex, LlmOptions o, int attemptsMade = 0) => Redact(DescribeRaw(ex, o, attemptsMade), o.ApiKey);

    // Server and proxy messages are quoted; some echo the key they were sent, and the reason reaches the report,
    // the digest and the web site, so the configured key never survives in it.
    internal static string Redact(string message, string? apiKey) =>
        string.IsNullOrEmpty(apiKey) || apiKey.Length < 4 ? message : message.Replace(apiKey, "[redacted]", StringComparison.Ordinal);

    private static string DescribeRaw(Exception ex, LlmOptions o, int attemptsMade)
    {
        var made = attemptsMade > 0 ? attemptsMade : o.MaxRetries + 1;
        var attempts = made == 1 ? "1 attempt" : $"{made.ToString(CultureInfo.InvariantCulture)} attempts";
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case TimeoutRejectedException or TaskCanceledException or TimeoutException:
                    return $"no reply within {o.Timeout} (DailyPapers:Llm:Timeout), {attempts}";
                case ClientResultException { Status: > 0 } cre:
                    return Status(cre.Status, attempts) + RetryLog.FirstLine(cre.Message);
                case HttpRequestException { StatusCode: { } code }:
                    return Status((int)code, attempts) + RetryLog.FirstLine(e.Message);
                case HttpRequestException:
                    return $"cannot reach the model server: {RetryLog.FirstLine(e.Message)}";
            }
            // Provider SDKs (Anthropic's) throw their own exception types that carry the status as StatusCode.
            if (e.GetType().GetProperty("StatusCode")?.GetValue(e) is { } sdkStatus && (sdkStatus is HttpStatusCode || sdkStatus is int))
                return Status(Convert.ToInt32(sdkStatus, CultureInfo.InvariantCulture), attempts) + RetryLog.FirstLine(e.Message);
        }
        return $"the call failed ({ex.GetType().Name}): {RetryLog.FirstLine(ex.Message)}";
    }

    private static string Status(int status, string attempts) =>
        $"HTTP {status.ToString(CultureInfo.InvariantCulture)} ({(HttpStatusCode)status}) after {attempts}: ";
}
