using Hangfire.Common;
using Hangfire.States;

namespace DailyPapers.Workers;

/// <summary>
/// Keeps every enqueue of a job (its first, a retry after a failure, a continuation, a recurring run) in the workers'
/// queue: Hangfire otherwise sends a retried job to <c>default</c>, which the workers do not read, and the run never ends.
/// </summary>
internal sealed class StayInQueue(string queue) : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is EnqueuedState enqueued) enqueued.Queue = queue;
    }
}
