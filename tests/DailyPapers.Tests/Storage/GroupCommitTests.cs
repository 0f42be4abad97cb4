using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Writes_arriving_during_a_commit_go_together_in_the_next_and_a_bad_one_fails_alone()
    {
        // Given a commit that holds its first batch until released, and refuses any batch holding "bad"
        var batches = new List<string[]>();
        var firstHeld = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var group = new GroupCommit<string>(async batch =>
        {
            lock (batches) batches.Add([.. batch]);
            if (batches.Count == 1)
            {
                firstHeld.SetResult();
                await releaseFirst.Task;
            }
            if (batch.Contains("bad")) throw new InvalidOperationException("refused: bad");
        });

        // When one write starts, four more (one bad) arrive while it is being committed, and then it finishes
        var first = group.SaveAsync("a", CancellationToken.None);
        await firstHeld.Task;
        var later = new[] { "b", "bad", "c", "d" }.Select(x => (x, group.SaveAsync(x, CancellationToken.None))).ToList();
        releaseFirst.SetResult();
        await first;
        var results = new Dictionary<string, Exception?>();
        foreach (var (x, task) in later)
            results[x] = await Record.ExceptionAsync(() => task);

        // Then the first went alone, the four arrived together in one batch, which failed, and were retried one by one:
        // only the bad one fails, with its own error
        Assert.Equal(["a"], batches[0]);
        Assert.Equal(["b", "bad", "c", "d"], batches[1]);
        Assert.Equal([["b"], ["bad"], ["c"], ["d"]], batches.Skip(2));
        Assert.Null(results["b"]);
        Assert.Null(results["c"]);
        Assert.Null(results["d"]);
        Assert.Equal("refused: bad", Assert.IsType<InvalidOperationException>(results["bad"]).Message);
    }

    [Fact]
    public async Task A_cancelled_caller_stops_waiting_and_the_next_write_still_commits()
    {
        // Given a commit held until released
        var release = new TaskCompletionSource();
        var committed = new List<string>();
        var group = new GroupCommit<string>(async batch =>
        {
            await release.Task;
            lock (committed) committed.AddRange(batch);
        });
        using var cancel = new CancellationTokenSource();

        // When a caller cancels while its write is being committed, and another write follows
        var waiting = group.SaveAsync("a", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var next = group.SaveAsync("b", CancellationToken.None);
        release.SetResult();
        await next;

        // Then the begun write was committed anyway, and so was the next one
        Assert.Equal(["a", "b"], committed);
    }
}
