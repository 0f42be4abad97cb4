namespace DailyPapers.Storage;

/// <summary>
/// A paper's text vector as one encoder model made it: <paramref name="TextHash"/> identifies the title and abstract
/// encoded, so a paper whose abstract changed is encoded again.
/// </summary>
public sealed record StoredVector(string ArxivId, string Model, string TextHash, float[] Vector);

/// <summary>Vectors of papers' titles and abstracts, kept per paper and model (both stores implement it).</summary>
public interface IPaperVectors
{
    /// <summary>Stores (or replaces) vectors; each paper must already be stored.</summary>
    Task SaveVectorsAsync(IReadOnlyList<StoredVector> vectors, CancellationToken cancellationToken);

    /// <summary>The stored vectors of a model for the given papers (those that have one).</summary>
    Task<IReadOnlyList<StoredVector>> GetVectorsAsync(string model, IReadOnlyCollection<string> arxivIds, CancellationToken cancellationToken);

    /// <summary>Every stored vector of a model.</summary>
    Task<IReadOnlyList<StoredVector>> GetAllVectorsAsync(string model, CancellationToken cancellationToken);

    /// <summary>How many vectors of a model are stored (cheap: tells an in-memory index when to reload).</summary>
    Task<long> CountVectorsAsync(string model, CancellationToken cancellationToken);
}
