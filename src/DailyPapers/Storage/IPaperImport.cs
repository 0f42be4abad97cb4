using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>Bulk import of paper metadata (<c>dailypapers import-arxiv</c>): one batch, one transaction.</summary>
public interface IPaperImport
{
    /// <summary>
    /// Stores a batch of papers (each with a version) in one transaction, idempotent by arXiv id and version: a new
    /// paper is inserted, a stored one is updated only when the batch has a newer version (links, summaries and full
    /// text are kept), anything else is left untouched. Returns how many papers were inserted or updated.
    /// </summary>
    Task<int> ImportPapersAsync(IReadOnlyList<Paper> papers, CancellationToken cancellationToken);
}
