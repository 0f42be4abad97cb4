using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Rank;

/// <summary>
/// The vectors of papers' titles and abstracts: read from the store when the current model already encoded the same
/// text, else encoded now and stored (when the paper is in the store), so each paper is encoded once per model.
/// </summary>
public sealed class PaperVectors(ITextEncoder encoder, IPaperVectors store, IPaperStore papers)
{
    /// <summary>The encoder in use.</summary>
    public ITextEncoder Encoder => encoder;

    /// <summary>The text encoded for a paper: its folded title, then its abstract.</summary>
    public static string TextOf(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        return string.IsNullOrWhiteSpace(paper.Abstract) ? paper.FoldedTitle : paper.FoldedTitle + ". " + TextFolding.Fold(paper.Abstract);
    }

    /// <summary>A short hash of a text (which text a stored vector was made from).</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    /// <summary>The vector of every paper, by arXiv id; missing or stale ones are encoded and stored.</summary>
    public async Task<IReadOnlyDictionary<string, float[]>> GetAsync(IReadOnlyList<Paper> list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        var distinct = list.DistinctBy(p => p.ArxivId, StringComparer.Ordinal).ToList();
        var texts = distinct.ToDictionary(p => p.ArxivId, TextOf, StringComparer.Ordinal);
        var stored = (await store.GetVectorsAsync(encoder.Model, [.. texts.Keys], cancellationToken).ConfigureAwait(false))
            .Where(v => v.TextHash == Hash(texts[v.ArxivId]) && v.Vector.Length == encoder.Dimensions)
            .ToDictionary(v => v.ArxivId, v => v.Vector, StringComparer.Ordinal);
        var missing = distinct.Where(p => !stored.ContainsKey(p.ArxivId)).ToList();
        if (missing.Count == 0) return stored;
        var encoded = encoder.Encode([.. missing.Select(p => texts[p.ArxivId])], cancellationToken);
        var toSave = new List<StoredVector>();
        for (var i = 0; i < missing.Count; i++)
        {
            stored[missing[i].ArxivId] = encoded[i];
            // Only papers the store holds get a row (the table refers to papers); a library entry not in the store is encoded each time.
            if (await papers.GetPaperAsync(missing[i].ArxivId, cancellationToken).ConfigureAwait(false) is not null)
                toSave.Add(new StoredVector(missing[i].ArxivId, encoder.Model, Hash(texts[missing[i].ArxivId]), encoded[i]));
        }
        await store.SaveVectorsAsync(toSave, cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <summary>How many of the newest stored days <see cref="EncodeRecentDaysAsync"/> covers.</summary>
    public const int RecentDays = 7;

    // A reference, so concurrent requests read a whole stamp, never a torn one.
    private volatile StrongBox<StoreStamp>? _recentCheckedAt;

    /// <summary>
    /// Encodes and stores the missing vectors of the papers of the newest <see cref="RecentDays"/> stored days (about
    /// 200 papers at most), so similar papers and semantic search have them without the plain digest ever loading the
    /// encoder. Skipped at no query's cost while the store is unchanged since the last call.
    /// </summary>
    public async Task EncodeRecentDaysAsync(CancellationToken cancellationToken)
    {
        var stamp = await store.GetChangeStampAsync(cancellationToken).ConfigureAwait(false);
        if (_recentCheckedAt?.Value == stamp) return;
        var recent = new List<Paper>();
        foreach (var date in (await papers.GetDatesAsync(cancellationToken).ConfigureAwait(false)).Reverse().Take(RecentDays))
            recent.AddRange((await papers.GetDayAsync(date, cancellationToken).ConfigureAwait(false))?.Entries.Select(e => e.Paper) ?? []);
        await GetAsync(recent, cancellationToken).ConfigureAwait(false);
        // The stamp after any vectors were stored: the next call skips until something else is written.
        _recentCheckedAt = new StrongBox<StoreStamp>(await store.GetChangeStampAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Vectors of free texts (library entries that are not in the store), not stored.</summary>
    public IReadOnlyList<float[]> EncodeTexts(IReadOnlyList<string> texts, CancellationToken cancellationToken) => encoder.Encode(texts, cancellationToken);
}
