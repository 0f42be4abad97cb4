using System.Collections.Concurrent;

namespace DailyPapers.Summarize;

/// <summary>
/// One dedicated thread for the work that follows a model's reply (verification, handing the summary to the store).
/// Run on the thread pool, a wave of replies put eight verifications in the pool's queue ahead of the next papers'
/// model calls and the reading of the other replies, which then started late on a small machine (the LLM benchmark's
/// whole run at 1.035x the ideal against 1.013x for the summarizer alone). On its own thread that work runs beside the
/// pool. Only the synchronous parts run here: every await inside continues on the pool, so nothing queued here ever
/// waits for something queued after it.
/// </summary>
internal sealed class AfterReplyLane : TaskScheduler
{
    /// <summary>The process's lane: its thread starts with the first use and lives as long as the process (a background thread).</summary>
    public static readonly AfterReplyLane Shared = new();

    private readonly BlockingCollection<Task> _queue = [];

    /// <summary>The lane's thread; tests check that work ran on it.</summary>
    internal Thread LaneThread { get; }

    private AfterReplyLane()
    {
        LaneThread = new Thread(() =>
        {
            foreach (var task in _queue.GetConsumingEnumerable()) TryExecuteTask(task);
        })
        { IsBackground = true, Name = "DailyPapers after-reply lane" };
        LaneThread.Start();
    }

    /// <summary>Starts <paramref name="work"/> on the lane; the task completes (or fails) as the work does.</summary>
    public Task<T> Run<T>(Func<Task<T>> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    /// <inheritdoc />
    protected override void QueueTask(Task task) => _queue.Add(task);

    /// <inheritdoc />
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Thread.CurrentThread == LaneThread && TryExecuteTask(task);

    /// <inheritdoc />
    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();
}
