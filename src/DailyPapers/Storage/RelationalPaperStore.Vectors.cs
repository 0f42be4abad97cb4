using System.Data.Common;
using DailyPapers.Rank;

namespace DailyPapers.Storage;

// Paper vectors as little-endian float32 bytes (SQLite BLOB, PostgreSQL bytea); search is exact and in memory (Rank/VectorIndex).
public abstract partial class RelationalPaperStore : IPaperVectors
{
    /// <inheritdoc />
    public Task SaveVectorsAsync(IReadOnlyList<StoredVector> vectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0) return Task.CompletedTask;
        return WriteAsync(async (c, tx) =>
        {
            foreach (var v in vectors)
            {
                await ExecAsync(c, tx, """
                    INSERT INTO paper_vectors (arxiv_id, model, text_hash, dimensions, vector, created_at)
                    VALUES (@id, @model, @hash, @dims, @vector, @at)
                    ON CONFLICT (arxiv_id, model) DO UPDATE SET text_hash = excluded.text_hash, dimensions = excluded.dimensions,
                        vector = excluded.vector, created_at = excluded.created_at
                    """, cancellationToken,
                    ("id", v.ArxivId), ("model", v.Model), ("hash", v.TextHash), ("dims", v.Vector.Length),
                    ("vector", VectorMath.ToBytes(v.Vector)), ("at", DateTimeOffset.UtcNow)).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredVector>> GetVectorsAsync(string model, IReadOnlyCollection<string> arxivIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arxivIds);
        var result = new List<StoredVector>(arxivIds.Count);
        // Parameters one by one in batches: both databases take an IN list of parameters as written.
        foreach (var batch in arxivIds.Distinct(StringComparer.Ordinal).Chunk(200))
        {
            var names = batch.Select((_, i) => ("p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), (object?)batch[i])).ToArray();
            var sql = $"SELECT arxiv_id, model, text_hash, vector FROM paper_vectors WHERE model = @model AND arxiv_id IN ({string.Join(", ", names.Select(n => "@" + n.Item1))})";
            result.AddRange(await ReadListAsync(sql, ReadVector, cancellationToken, [("model", model), .. names]).ConfigureAwait(false));
        }
        return result;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredVector>> GetAllVectorsAsync(string model, CancellationToken cancellationToken) =>
        ReadListAsync("SELECT arxiv_id, model, text_hash, vector FROM paper_vectors WHERE model = @model ORDER BY arxiv_id", ReadVector, cancellationToken, ("model", model));

    /// <inheritdoc />
    public async Task<long> CountVectorsAsync(string model, CancellationToken cancellationToken) =>
        (await ReadListAsync("SELECT COUNT(*) FROM paper_vectors WHERE model = @model", r => Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken, ("model", model)).ConfigureAwait(false))[0];

    /// <inheritdoc />
    public async Task<VectorSetVersion> GetVectorVersionAsync(string model, CancellationToken cancellationToken) =>
        (await ReadListAsync("SELECT COUNT(*), MAX(created_at) FROM paper_vectors WHERE model = @model",
            r => new VectorSetVersion(Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), ReadTime(r, 1)),
            cancellationToken, ("model", model)).ConfigureAwait(false))[0];

    private static StoredVector ReadVector(DbDataReader r)
    {
        var id = r.GetString(0);
        return new StoredVector(id, r.GetString(1), r.GetString(2), VectorMath.FromBytes((byte[])r.GetValue(3), id));
    }
}
