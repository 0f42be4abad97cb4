using System.Numerics.Tensors;
using DailyPapers.Storage;

namespace DailyPapers.Rank;

/// <summary>
/// Exact cosine search over every stored vector of one model, held in memory as one contiguous matrix. It is loaded on
/// the first query. Each query first compares the store's change stamp (file stats on SQLite, a counter read at most once
/// a second on PostgreSQL: no query); only when it moved is the model's <see cref="VectorSetVersion"/> read, and the matrix
/// reloaded when that changed too (a vector added, or one re-encoded in place).
/// </summary>
public sealed class VectorIndex(IPaperVectors store, string model)
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Snapshot? _snapshot;

    private sealed record Snapshot(StoreStamp Stamp, VectorSetVersion Version, string[] Ids, float[] Matrix, int Dimensions, Dictionary<string, int> Rows);

    /// <summary>The model whose vectors are searched.</summary>
    public string Model => model;

    /// <summary>How many times the matrix was read from the store (tests check that an unchanged store is not read again).</summary>
    public int Loads { get; private set; }

    /// <summary>Loads the matrix now, or again when the store's vectors changed (queries call it).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var stamp = await store.GetChangeStampAsync(cancellationToken).ConfigureAwait(false);
        if (_snapshot is { } s && s.Stamp == stamp) return;
        await _loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_snapshot is { } again && again.Stamp == stamp) return;
            // The stamp is read before the version and the version before the rows: a write in between only makes the
            // next query look again, never keeps stale rows under a newer stamp.
            var version = await store.GetVectorVersionAsync(model, cancellationToken).ConfigureAwait(false);
            if (_snapshot is { } same && same.Version == version)
            {
                _snapshot = same with { Stamp = stamp }; // another table was written: the matrix stands
                return;
            }
            var all = await store.GetAllVectorsAsync(model, cancellationToken).ConfigureAwait(false);
            _snapshot = Build(all, stamp, version);
            Loads++;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>An index over given vectors (the bench and tests; never reloads).</summary>
    public static VectorIndex FromVectors(IReadOnlyList<StoredVector> vectors, string model)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var index = new VectorIndex(new FixedVectors(vectors), model);
        index._snapshot = Build(vectors, default, new VectorSetVersion(vectors.Count, null));
        return index;
    }

    private static Snapshot Build(IReadOnlyList<StoredVector> all, StoreStamp stamp, VectorSetVersion version)
    {
        var dims = all.Count == 0 ? 0 : all[0].Vector.Length;
        var usable = all.Where(v => v.Vector.Length == dims).ToList();
        var matrix = new float[usable.Count * dims];
        for (var i = 0; i < usable.Count; i++) usable[i].Vector.CopyTo(matrix, i * dims);
        var ids = usable.Select(v => v.ArxivId).ToArray();
        return new Snapshot(stamp, version, ids, matrix, dims, ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal));
    }

    /// <summary>The stored vector of a paper, or null.</summary>
    public async Task<float[]?> GetAsync(string arxivId, CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        var s = _snapshot!;
        return s.Rows.TryGetValue(arxivId, out var row) ? s.Matrix.AsSpan(row * s.Dimensions, s.Dimensions).ToArray() : null;
    }

    /// <summary>The <paramref name="count"/> stored papers closest to <paramref name="vector"/>, best first, without <paramref name="exclude"/>.</summary>
    public async Task<IReadOnlyList<(string ArxivId, float Similarity)>> NearestAsync(float[] vector, int count, ISet<string>? exclude, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vector);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return Nearest(_snapshot!, vector, count, exclude);
    }

    private static List<(string ArxivId, float Similarity)> Nearest(Snapshot s, float[] vector, int count, ISet<string>? exclude)
    {
        if (s.Ids.Length == 0 || count <= 0) return [];
        if (vector.Length != s.Dimensions)
            throw new ArgumentException($"the query vector has {vector.Length} dimensions; the stored vectors of {s.Ids.Length} papers have {s.Dimensions}");
        // A bounded min-heap keeps the best `count` scores in one pass over the matrix.
        var heap = new PriorityQueue<int, float>(count + 1);
        var matrix = s.Matrix.AsSpan();
        for (var i = 0; i < s.Ids.Length; i++)
        {
            if (exclude is not null && exclude.Contains(s.Ids[i])) continue;
            var score = TensorPrimitives.Dot(matrix.Slice(i * s.Dimensions, s.Dimensions), vector);
            if (heap.Count < count) heap.Enqueue(i, score);
            else if (heap.TryPeek(out _, out var worst) && score > worst) heap.EnqueueDequeue(i, score);
        }
        var result = new List<(string, float)>(heap.Count);
        while (heap.TryDequeue(out var row, out var score)) result.Add((s.Ids[row], score));
        result.Reverse();
        return result;
    }

    private sealed class FixedVectors(IReadOnlyList<StoredVector> vectors) : IPaperVectors
    {
        public Task SaveVectorsAsync(IReadOnlyList<StoredVector> v, CancellationToken cancellationToken) => throw new NotSupportedException("a fixed index is read-only");
        public Task<IReadOnlyList<StoredVector>> GetVectorsAsync(string model, IReadOnlyCollection<string> arxivIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StoredVector>>([.. vectors.Where(v => arxivIds.Contains(v.ArxivId))]);
        public Task<IReadOnlyList<StoredVector>> GetAllVectorsAsync(string model, CancellationToken cancellationToken) => Task.FromResult(vectors);
        public Task<long> CountVectorsAsync(string model, CancellationToken cancellationToken) => Task.FromResult((long)vectors.Count);
        public Task<VectorSetVersion> GetVectorVersionAsync(string model, CancellationToken cancellationToken) => Task.FromResult(new VectorSetVersion(vectors.Count, null));
        public ValueTask<StoreStamp> GetChangeStampAsync(CancellationToken cancellationToken) => ValueTask.FromResult(default(StoreStamp));
    }
}
