namespace DailyPapers.Workers;

/// <summary>Settings of the job workers (<c>DailyPapers:Workers</c>); every one also works as an environment variable.</summary>
public sealed class WorkersOptions
{
    /// <summary>On: runs are enqueued as Hangfire jobs in the PostgreSQL store and done by <c>dailypapers worker</c> processes.</summary>
    public bool Enabled { get; set; }

    /// <summary>Jobs one <c>worker</c> process runs at once (model calls are still limited by DailyPapers:Llm:MaxConcurrency over all workers).</summary>
    public int WorkerCount { get; set; } = 8;

    /// <summary>The Hangfire queue the jobs go to and workers read.</summary>
    public string Queue { get; set; } = "dailypapers";

    /// <summary>How often an idle worker looks for jobs (besides PostgreSQL's notifications).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a job taken by a worker that stopped answering (killed, cut off) stays invisible before another worker takes it.</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
