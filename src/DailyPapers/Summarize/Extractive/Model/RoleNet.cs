using System.Numerics.Tensors;

namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>
/// The dense half of the role model: each sentence is described by pretrained word vectors (the mean and the
/// element-wise maximum over its words, the means of its two neighbours and of the whole abstract), and one tanh
/// hidden layer turns that into a score per role, added to the hashed-feature scores before CRF decoding.
/// </summary>
internal sealed class RoleNet
{
    /// <summary>How many word-vector blocks a sentence's input holds: own mean, own max, previous, next, abstract.</summary>
    public const int Blocks = 5;

    public RoleNet(WordVectors vectors, int hidden, float[] inputWeights, float[] hiddenBias, float[] outputWeights, int sentenceDimensions = 0)
    {
        if (hidden is < 1 or > 4096) throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "hidden units must be 1..4096");
        if (sentenceDimensions is < 0 or > 4096) throw new ArgumentOutOfRangeException(nameof(sentenceDimensions), sentenceDimensions, "sentence embeddings must have 0..4096 dimensions");
        Vectors = vectors;
        Hidden = hidden;
        SentenceDimensions = sentenceDimensions;
        Inputs = Blocks * vectors.Dimensions + 3 * sentenceDimensions;
        if (inputWeights.Length != hidden * Inputs || hiddenBias.Length != hidden || outputWeights.Length != RoleModel.Labels * hidden)
            throw new ArgumentException($"a {Inputs}x{hidden}x{RoleModel.Labels} network needs {hidden * Inputs}, {hidden} and {RoleModel.Labels * hidden} weights");
        InputWeights = inputWeights;
        HiddenBias = hiddenBias;
        OutputWeights = outputWeights;
    }

    public WordVectors Vectors { get; }

    public int Hidden { get; }

    public int Inputs { get; }

    /// <summary>
    /// Dimensions of the optional sentence embedding (e.g. MiniLM's 384) whose own, previous and next vectors follow the
    /// word-vector blocks in the input; 0 when the network reads word vectors only.
    /// </summary>
    public int SentenceDimensions { get; }

    /// <summary>Hidden-major: <c>InputWeights[h * Inputs + i]</c>.</summary>
    public float[] InputWeights { get; }

    public float[] HiddenBias { get; }

    /// <summary>Label-major: <c>OutputWeights[y * Hidden + h]</c>.</summary>
    public float[] OutputWeights { get; }

    /// <summary>The input vector of every sentence; <paramref name="sentenceVectors"/> (one per sentence) when the network reads them.</summary>
    public float[][] Encode(List<string>[] tokens, IReadOnlyList<float[]>? sentenceVectors = null)
    {
        if (SentenceDimensions > 0 && (sentenceVectors is null || sentenceVectors.Count != tokens.Length))
            throw new ArgumentException($"this network reads one {SentenceDimensions}-dimension sentence embedding per sentence", nameof(sentenceVectors));
        var n = tokens.Length;
        var d = Vectors.Dimensions;
        var means = new float[n][];
        var maxes = new float[n][];
        var all = new float[d];
        var allCount = 0;
        for (var t = 0; t < n; t++)
        {
            var mean = new float[d];
            var max = new float[d];
            var known = 0;
            foreach (var w in tokens[t])
            {
                if (!Vectors.AddTo(w, mean)) continue;
                if (known == 0) { Array.Fill(max, float.NegativeInfinity); }
                Vectors.MaxInto(w, max);
                known++;
            }
            if (known == 0) Array.Clear(max);
            for (var k = 0; k < d; k++) all[k] += mean[k];
            allCount += known;
            if (known > 0) for (var k = 0; k < d; k++) mean[k] /= known;
            means[t] = mean;
            maxes[t] = max;
        }
        if (allCount > 0) for (var k = 0; k < d; k++) all[k] /= allCount;
        var inputs = new float[n][];
        for (var t = 0; t < n; t++)
        {
            var x = new float[Inputs];
            means[t].CopyTo(x, 0);
            maxes[t].CopyTo(x, d);
            if (t > 0) means[t - 1].CopyTo(x, 2 * d);
            if (t + 1 < n) means[t + 1].CopyTo(x, 3 * d);
            all.CopyTo(x, 4 * d);
            if (SentenceDimensions > 0)
            {
                var at = Blocks * d;
                sentenceVectors![t].AsSpan(0, SentenceDimensions).CopyTo(x.AsSpan(at));
                if (t > 0) sentenceVectors[t - 1].AsSpan(0, SentenceDimensions).CopyTo(x.AsSpan(at + SentenceDimensions));
                if (t + 1 < n) sentenceVectors[t + 1].AsSpan(0, SentenceDimensions).CopyTo(x.AsSpan(at + 2 * SentenceDimensions));
            }
            inputs[t] = x;
        }
        return inputs;
    }

    /// <summary>The hidden activations for one input.</summary>
    public void HiddenLayer(ReadOnlySpan<float> x, Span<float> h)
    {
        for (var j = 0; j < Hidden; j++)
        {
            h[j] = MathF.Tanh(HiddenBias[j] + TensorPrimitives.Dot(InputWeights.AsSpan(j * Inputs, Inputs), x));
        }
    }

    /// <summary>Adds the network's role scores to <paramref name="emissions"/>; returns the hidden activations.</summary>
    public float[][] AddScores(float[][] inputs, double[,] emissions)
    {
        var hidden = new float[inputs.Length][];
        for (var t = 0; t < inputs.Length; t++)
        {
            var h = hidden[t] = new float[Hidden];
            HiddenLayer(inputs[t], h);
            for (var y = 0; y < RoleModel.Labels; y++)
            {
                emissions[t, y] += TensorPrimitives.Dot(OutputWeights.AsSpan(y * Hidden, Hidden), h);
            }
        }
        return hidden;
    }
}
