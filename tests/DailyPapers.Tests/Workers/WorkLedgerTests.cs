using DailyPapers.Postgres;
using DailyPapers.Tests.Storage.Postgres;
using DailyPapers.Workers;

namespace DailyPapers.Tests.Workers;

/// <summary>The workers' ledger on the real PostgreSQL server: its advisory locks between two stores (as two processes).</summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkLedgerTests(PostgresCluster cluster)
{
    [Fact]
    public async Task A_bounded_wait_for_a_held_lock_gives_up_then_takes_it_once_let_go_and_leaves_no_lock_timeout_behind()
    {
        // Given two ledgers over one database (two processes), the first holding a lock
        var connectionString = await cluster.NewDatabaseAsync();
        await using var firstStore = new PostgresPaperStore(connectionString);
        await using var secondStore = new PostgresPaperStore(connectionString);
        var first = new WorkLedger(firstStore);
        var second = new WorkLedger(secondStore);
        var held = await first.LockAsync(7, "slot", wait: false, CancellationToken.None);
        Assert.NotNull(held);

        // When the second waits for it at most 100 ms, then again after the first let go
        var refused = await second.LockAsync(7, "slot", TimeSpan.FromMilliseconds(100), CancellationToken.None);
        await held!.DisposeAsync();
        var taken = await second.LockAsync(7, "slot", TimeSpan.FromMilliseconds(100), CancellationToken.None);

        // Then the first wait ends without the lock, the second gets it, and the first ledger cannot take it now
        Assert.Null(refused);
        Assert.NotNull(taken);
        Assert.Null(await first.LockAsync(7, "slot", wait: false, CancellationToken.None));
        await taken!.DisposeAsync();
        // and the pooled connections carry no lock timeout into later waits: an unbounded wait on a held lock still waits
        var again = await first.LockAsync(7, "slot", wait: false, CancellationToken.None);
        var waiting = second.LockAsync(7, "slot", wait: true, CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, waiting.IsFaulted ? waiting.Exception!.ToString() : "the unbounded wait ended while the lock was held");
        await again!.DisposeAsync();
        await using var last = await waiting;
        Assert.NotNull(last);
    }
}
