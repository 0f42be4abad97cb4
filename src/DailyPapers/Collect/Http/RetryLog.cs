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
        return outcome.Exception is { } e ? $"failed ({e.GetType().Name}: {FirstLine(e.Message)})" : "failed";
    }

    /// <summary>The first non-empty line of a message, cut at 200 characters (server messages can be whole pages).</summary>
    public static string FirstLine(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
