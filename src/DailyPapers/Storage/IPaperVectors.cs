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

    /// <summary>How many vectors of a model are stored.</summary>
    Task<long> CountVectorsAsync(string model, CancellationToken cancellationToken);

    /// <summary>
    /// How many vectors of a model are stored and when the newest was written: it changes when a vector is added or
    /// re-encoded in place. An in-memory index asks it only after <see cref="GetChangeStampAsync"/> moved.
    /// </summary>
    Task<VectorSetVersion> GetVectorVersionAsync(string model, CancellationToken cancellationToken);

    /// <summary>The store's change stamp (as <see cref="IPaperSearch.GetChangeStampAsync"/>): equal stamps mean no write in between, at no query's cost.</summary>
    ValueTask<StoreStamp> GetChangeStampAsync(CancellationToken cancellationToken);
}

/// <summary>The stored vectors of one model: their number and the time the newest was written (null when there is none).</summary>
public readonly record struct VectorSetVersion(long Count, DateTimeOffset? Newest);
