using Microsoft.Extensions.Options;
using Polly;

namespace DailyPapers.Collect.Http;

/// <summary>Outermost handler: fails at once for a host known to be unreachable, and records hosts found unreachable.</summary>
internal sealed class ReachabilityHandler(UnreachableHosts hosts) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var host = request.RequestUri?.Authority ?? "";
        if (hosts.ReasonDown(host) is { } reason)
            throw new HostUnreachableException(reason);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HttpFailure.IsUnreachable(ex))
        {
            hosts.MarkDown(host, HttpFailure.Describe(ex));
            throw;
        }
    }
}

/// <summary>
/// Per attempt, before its timeout starts: waits so that requests to a service are at least the politeness delay apart
/// (a Polly strategy rather than a handler, so the wait never counts against the attempt timeout), counted from the
/// end of the previous request, so a slow request (a cold connection) cannot bring the next one right behind it.
/// </summary>
internal sealed class PolitenessStrategy(PolitenessGate gate) : ResilienceStrategy
{
    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        try
        {
            await gate.WaitTurnAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        catch (OperationCanceledException ex)
        {
            return Outcome.FromException<TResult>(ex);
        }
        try
        {
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        finally
        {
            gate.Finished();
        }
    }
}

/// <summary>Options of <see cref="PolitenessStrategy"/> (none beyond the name).</summary>
internal sealed class PolitenessStrategyOptions : ResilienceStrategyOptions
{
    public PolitenessStrategyOptions() => Name = "politeness";
}

/// <summary>Innermost: reads the whole body inside the attempt, so a truncated body is a failed (retried) attempt.</summary>
internal sealed class BufferingHandler(IOptions<HttpOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(options.Value.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}

/// <summary>
/// The spacing of requests to a service kept for several processes together (workers sharing one database): reserves
/// the service's next start time, <c>spacing</c> after the last one any process reserved (or now), and says how long
/// to wait before sending.
/// </summary>
public interface ISharedRequestPacing
{
    /// <summary>Reserves the next start time for <paramref name="service"/>; returns the wait before it (zero: send now).</summary>
    Task<TimeSpan> ReserveAsync(string service, TimeSpan spacing, CancellationToken cancellationToken);
}

/// <summary>
/// Spaces requests to one service by a delay (arXiv asks for one request every 3 seconds); counts them. With
/// <paramref name="shared"/> (workers on several processes or machines), each request also takes its turn in the
/// spacing shared by every process, so the delay holds for all of them together, not for each one.
/// </summary>
public sealed class PolitenessGate(Func<TimeSpan> delay, TimeProvider time, ISharedRequestPacing? shared = null, string service = "")
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _sync = new();
    private DateTimeOffset _last = DateTimeOffset.MinValue;
    private int _requests;

    /// <summary>Requests sent through the gate so far (retries included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// Waits until the delay since the previous request (its start, or its end once it ended) has passed, and, when the
    /// spacing is shared, until this request's reserved turn among every process's requests.
    /// </summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            DateTimeOffset last;
            lock (_sync) last = _last;
            var spacing = delay();
            var wait = last + spacing - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            if (shared is not null && spacing > TimeSpan.Zero)
            {
                var turn = await shared.ReserveAsync(service, spacing, cancellationToken).ConfigureAwait(false);
                if (turn > TimeSpan.Zero)
                    await Task.Delay(turn, time, cancellationToken).ConfigureAwait(false);
            }
            lock (_sync) _last = time.GetUtcNow();
            Interlocked.Increment(ref _requests);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Marks the end of a request: the next one waits the delay from now.</summary>
    public void Finished()
    {
        lock (_sync)
        {
            var now = time.GetUtcNow();
            if (now > _last) _last = now;
        }
    }
}
