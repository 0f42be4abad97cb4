namespace DailyPapers.Storage;

/// <summary>
/// Group commit: a write that arrives while another is being committed waits for it and is then committed together
/// with every other write that arrived meanwhile, in one transaction. The first write of a quiet moment starts at once,
/// so no write waits longer than one commit before its own begins; under concurrency (eight summaries finishing
/// together) the store sees a few transactions instead of one per write queued on the database's write lock.
/// Each caller's task completes when its own item is committed, or fails with its own error: when a batch fails, its
/// items are committed one by one so a bad item fails alone.
/// </summary>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task> commit)
{
    private readonly Lock _lock = new();
    private List<(T Item, TaskCompletionSource Done)> _pending = [];
    private bool _draining;

    /// <summary>Completes when <paramref name="item"/> is committed. A cancelled caller stops waiting; a batch already begun still commits.</summary>
    public Task SaveAsync(T item, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_lock)
        {
            _pending.Add((item, done));
            start = !_draining;
            _draining = true;
        }
        if (start) _ = Task.Run(DrainAsync, CancellationToken.None);
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(T Item, TaskCompletionSource Done)> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _draining = false;
                    return;
                }
                batch = _pending;
                _pending = [];
            }
            try
            {
                await commit([.. batch.Select(b => b.Item)]).ConfigureAwait(false);
                foreach (var (_, done) in batch) done.TrySetResult();
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var (item, done) in batch)
                    await CommitOneAsync(item, done).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                batch[0].Done.TrySetException(ex);
            }
        }
    }

    private async Task CommitOneAsync(T item, TaskCompletionSource done)
    {
        try
        {
            await commit([item]).ConfigureAwait(false);
            done.TrySetResult();
        }
        catch (Exception ex)
        {
            done.TrySetException(ex);
        }
    }
}
