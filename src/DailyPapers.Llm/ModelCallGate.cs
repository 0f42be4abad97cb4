using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DailyPapers.Llm;

/// <summary>
/// Where the provider's call limit (<see cref="LlmOptions.MaxConcurrency"/>) is kept: in this process by default, or
/// across every worker process together when workers are on (a table and advisory locks in the shared PostgreSQL).
/// </summary>
public interface IModelCallGate
{
    /// <summary>Waits for a free call slot of <paramref name="provider"/> (and the shared rate, where kept); dispose to free it.</summary>
    Task<IAsyncDisposable> EnterAsync(string provider, CancellationToken cancellationToken);
}

/// <summary>The in-process gate: one semaphore of <see cref="LlmOptions.MaxConcurrency"/> slots per provider.</summary>
public sealed class LocalModelCallGate(IOptions<LlmOptions> options) : IModelCallGate, IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<IAsyncDisposable> EnterAsync(string provider, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(provider, _ => new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrency)));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(gate);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var gate in _gates.Values) gate.Dispose();
    }

    private sealed class Slot(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
