using System.Runtime.CompilerServices;

namespace DailyPapers.Llm;

/// <summary>
/// Counts the HTTP attempts one model call really made (the retry pipeline sits above <see cref="Handler"/>), so a
/// failure says "after 1 attempt" for a 401 that is not retried rather than the configured maximum.
/// </summary>
internal static class AttemptCounter
{
    private static readonly AsyncLocal<StrongBox<int>?> Current = new();

    /// <summary>Starts counting for the calls made from this async flow; read the box's value afterwards.</summary>
    public static StrongBox<int> Begin() => Current.Value = new StrongBox<int>();

    /// <summary>Sits below the retry handler: every attempt passes through it once.</summary>
    internal sealed class Handler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Current.Value is { } box) Interlocked.Increment(ref box.Value);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
