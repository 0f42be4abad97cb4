using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Rank;

/// <summary>A stored paper close to another one, with the cosine of their title + abstract vectors.</summary>
public sealed record SimilarPaper(Paper Paper, double Similarity);

/// <summary>
/// "Similar papers": the stored papers whose vectors are nearest a paper's, from <see cref="VectorIndex"/>. Vectors are
/// encoded lazily, on the first question: the paper's own when it has none, and the newest days' papers
/// (<see cref="PaperVectors.EncodeRecentDaysAsync"/>); storing a day never loads the encoder.
/// </summary>
public sealed class SimilarPapers(IPaperStore store, PaperVectors vectors, VectorIndex index)
{
    /// <summary>Most similar papers one question may ask for.</summary>
    public const int MaxCount = 50;

    /// <summary>How many are given when the caller does not say.</summary>
    public const int DefaultCount = 5;

    /// <summary>The <paramref name="count"/> stored papers nearest <paramref name="arxivId"/>, best first; null when the paper is not stored.</summary>
    public async Task<IReadOnlyList<SimilarPaper>?> FindAsync(string arxivId, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arxivId);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var paper = await store.GetPaperAsync(arxivId, cancellationToken).ConfigureAwait(false);
        if (paper is null) return null;
        await vectors.EncodeRecentDaysAsync(cancellationToken).ConfigureAwait(false);
        var vector = (await vectors.GetAsync([paper], cancellationToken).ConfigureAwait(false))[paper.ArxivId];
        var nearest = await index.NearestAsync(vector, count, new HashSet<string>(StringComparer.Ordinal) { paper.ArxivId }, cancellationToken).ConfigureAwait(false);
        var result = new List<SimilarPaper>(nearest.Count);
        foreach (var (id, similarity) in nearest)
            if (await store.GetPaperAsync(id, cancellationToken).ConfigureAwait(false) is { } other) result.Add(new SimilarPaper(Publish.PublishedText.Clean(other), similarity));
        return result;
    }
}
