using System.Globalization;
using Polly;

namespace DailyPapers.Collect.Http;

/// <summary>
/// The one line a retry logs: what the attempt got (a status, or the exception's type and first line), never a
/// stack trace and never a URL (an endpoint may carry a key).
/// </summary>
public static class RetryLog
{
    /// <summary>Category whose events Polly writes with a stack trace per attempt; the composition root silences it.</summary>
    public const string PollyCategory = "Polly";

    /// <summary>"answered HTTP 503 (ServiceUnavailable)" or "failed (HttpRequestException: Connection refused)".</summary>
    public static string Describe(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is { } response)
            return $"answered HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)} ({response.StatusCode})";
        if (outcome.Exception is { } e)
        {
            var line = e.Message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (line.Length > 160) line = line[..160] + "…";
            return $"failed ({e.GetType().Name}: {line})";
        }
        return "failed";
    }
}
