using System.Globalization;
using DailyPapers.Llm;
using Microsoft.Extensions.Options;

namespace DailyPapers.Workers;

/// <summary>
/// The provider's call limits kept for every worker process together, in the shared PostgreSQL: a call holds one of
/// <see cref="LlmOptions.MaxConcurrency"/> slots (session advisory locks, released by the server if the process dies),
/// and with <see cref="LlmOptions.RequestsPerMinute"/> it reserves the provider's next allowed start time in <c>llm_call_rate</c>.
/// </summary>
public sealed class SharedModelCallGate(WorkLedger ledger, IOptions<LlmOptions> options, TimeProvider time) : IModelCallGate
{
    /// <summary>Advisory lock class of model call slots ("DPLS"); the second key is a hash of provider and slot number.</summary>
    internal const int SlotLockClass = 0x44504C53;
    private int _next = Random.Shared.Next(); // processes start their turns at different slots
    private static readonly TimeSpan SlotWait = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    public async Task<IAsyncDisposable> EnterAsync(string provider, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var slots = Math.Max(1, o.MaxConcurrency);
        IAsyncDisposable? slot = null;
        // A free slot if there is one; else wait in the queue of one slot (chosen in turn) for a short while, then look
        // over all of them again: a caller never sits behind one long call while another slot stands free.
        while (slot is null)
        {
            for (var i = 0; i < slots && slot is null; i++)
                slot = await ledger.LockAsync(SlotLockClass, SlotKey(provider, i), wait: false, cancellationToken).ConfigureAwait(false);
            slot ??= await ledger.LockAsync(SlotLockClass, SlotKey(provider, (int)((uint)Interlocked.Increment(ref _next) % (uint)slots)), SlotWait, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            if (o.RequestsPerMinute > 0)
            {
                var wait = await ledger.ReserveCallAsync(provider, TimeSpan.FromMinutes(1) / o.RequestsPerMinute, cancellationToken).ConfigureAwait(false);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            return slot!;
        }
        catch
        {
            await slot!.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string SlotKey(string provider, int slot) => string.Create(CultureInfo.InvariantCulture, $"{provider}:{slot}");
}
