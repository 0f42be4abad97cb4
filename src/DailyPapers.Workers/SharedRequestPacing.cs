using DailyPapers.Collect.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DailyPapers.Workers;

/// <summary>
/// With workers on, the politeness spacing of a service (arXiv's 3 s) is reserved in the shared PostgreSQL (the table
/// <c>llm_call_rate</c>, keyed by the service, e.g. <c>http:arxiv</c>, beside the model providers' rates), so that every
/// worker process on every machine together keeps it; with workers off, each request is free to go at once here and
/// the process's own gate alone spaces them.
/// </summary>
public sealed class SharedRequestPacing(IServiceProvider services, IOptions<WorkersOptions> options) : ISharedRequestPacing
{
    // The ledger needs the PostgreSQL store: it is asked for only when workers are on, never on the embedded default.
    private WorkLedger Ledger => field ??= services.GetRequiredService<WorkLedger>();

    /// <inheritdoc />
    public Task<TimeSpan> ReserveAsync(string service, TimeSpan spacing, CancellationToken cancellationToken) =>
        options.Value.Enabled && spacing > TimeSpan.Zero
            ? Ledger.ReserveCallAsync(service, spacing, cancellationToken)
            : Task.FromResult(TimeSpan.Zero);
}
