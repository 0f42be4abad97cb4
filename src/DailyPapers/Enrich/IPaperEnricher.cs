using DailyPapers.Papers;

namespace DailyPapers.Enrich;

/// <summary>Adds to a collected paper (arXiv metadata, full text, links). Run after collect, before summarize.</summary>
public interface IPaperEnricher
{
    /// <summary>A short name for reports, e.g. <c>arxiv-metadata</c>.</summary>
    string Name { get; }

    /// <summary>False when configuration turns it off (e.g. offline runs).</summary>
    bool Enabled { get; }

    /// <summary>
    /// True (the default) when it writes to the store, which needs the paper's row stored first; false lets it run
    /// while its day is still being written.
    /// </summary>
    bool WritesToStore => true;

    /// <summary>The paper with what this enricher adds; throws <see cref="EnrichmentException"/> with a reason on failure.</summary>
    Task<Paper> EnrichAsync(Paper paper, CancellationToken cancellationToken);
}

/// <summary>An enricher could not add its part; the paper goes on with what was collected.</summary>
public sealed class EnrichmentException(string message, Exception? inner = null) : Exception(message, inner);
