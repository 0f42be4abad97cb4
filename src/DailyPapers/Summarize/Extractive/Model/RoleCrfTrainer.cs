using System.Numerics.Tensors;

namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>Hyper-parameters of <see cref="RoleCrfTrainer"/>; the defaults are the ones tuned on CSAbstruct dev.</summary>
internal sealed record RoleTrainingOptions
{
    /// <summary>Hash bits of the feature space (2^bits buckets).</summary>
    public int Bits { get; init; } = 18;
    /// <summary>Passes over the training abstracts.</summary>
    public int Epochs { get; init; } = 10;
    /// <summary>AdaGrad base learning rate.</summary>
    public double LearningRate { get; init; } = 0.005;
    /// <summary>L2 penalty applied to the weights a step touches.</summary>
    public double L2 { get; init; } = 1e-2;
    /// <summary>Seed of the per-epoch shuffle and of the network's initial weights.</summary>
    public int Seed { get; init; } = 20190101;
    /// <summary>Hidden units of the word-vector network (used when word vectors are given).</summary>
    public int Hidden { get; init; } = 64;
    /// <summary>AdaGrad base learning rate of the network.</summary>
    public double NetLearningRate { get; init; } = 0.02;
    /// <summary>L2 penalty of the network's weights.</summary>
    public double NetL2 { get; init; } = 1e-4;
    /// <summary>
    /// Each sentence's role scores learn in proportion to its annotators' agreement raised to this power
    /// (0: every sentence counts the same; data without agreement counts fully).
    /// </summary>
    public double AgreementPower { get; init; }
}

/// <summary>
/// Trains a <see cref="RoleModel"/> by maximum conditional likelihood (AdaGrad, single thread, seeded shuffle),
/// so the same data and options give the same bytes.
/// </summary>
internal static class RoleCrfTrainer
{
    /// <summary>
    /// Trains on <paramref name="data"/>; the network reads <paramref name="vectors"/> and, when given, one sentence
    /// embedding per sentence of each abstract (<paramref name="sentenceVectors"/>, in the order of the data).
    /// </summary>
    public static RoleModel Train(IReadOnlyList<LabeledAbstract> data, RoleTrainingOptions options, WordVectors? vectors = null, IReadOnlyList<IReadOnlyList<float[]>>? sentenceVectors = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (data.Count == 0) throw new ArgumentException("no training abstracts", nameof(data));
        const int L = RoleModel.Labels;
        var weights = new float[(1 << options.Bits) * L];
        var transitions = new float[RoleModel.TransitionCount];
        var random = new Random(options.Seed);
        if (sentenceVectors is not null && (vectors is null || sentenceVectors.Count != data.Count))
            throw new ArgumentException("sentence embeddings need word vectors and one list per training abstract", nameof(sentenceVectors));
        var net = vectors is null ? null : NewNet(vectors, options.Hidden, random, sentenceVectors?[0][0].Length ?? 0);
        var dense = net is null ? null : new DenseTrainer(net, options);
        var model = new RoleModel(options.Bits, weights, transitions, net);
        var sumSq = new double[weights.Length];
        var transSq = new double[transitions.Length];
        var tokens = data.Select(a => RoleFeaturizer.Tokenize(a.Sentences)).ToArray();
        var feats = tokens.Select(t => RoleFeaturizer.Featurize(t, options.Bits)).ToArray();
        var inputs = net is null ? null : tokens.Select((t, k) => net.Encode(t, sentenceVectors?[k])).ToArray();
        var gold = data.Select(a => a.Labels.Select(l => (int)l).ToArray()).ToArray();
        var order = Enumerable.Range(0, data.Count).ToArray();
        var transGrad = new double[transitions.Length];
        // Averaged parameters (lazy form): the average is w - u / steps, where u accumulates steps * update.
        var weightLag = new double[weights.Length];
        var transLag = new double[transitions.Length];
        long steps = 1;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var k in order)
            {
                var f = feats[k];
                var y = gold[k];
                var n = f.Length;
                if (n == 0) continue;
                var e = model.Emissions(f);
                var hidden = net?.AddScores(inputs![k], e);
                var m = model.Marginals(e, out var logZ, out var alpha, out var beta);
                var weight = SentenceWeights(data[k], options.AgreementPower);
                dense?.Step(inputs![k], hidden!, m, y, weight, steps);
                for (var t = 0; t < n; t++)
                    for (var label = 0; label < L; label++)
                    {
                        var g = weight[t] * (m[t, label] - (y[t] == label ? 1 : 0));
                        if (Math.Abs(g) < 1e-9) continue;
                        foreach (var feature in f[t]) Step(weights, sumSq, weightLag, steps, feature * L + label, g, options);
                    }
                Array.Clear(transGrad);
                for (var label = 0; label < L; label++)
                {
                    transGrad[RoleModel.Start(label)] += m[0, label];
                    transGrad[RoleModel.End(label)] += m[n - 1, label];
                }
                transGrad[RoleModel.Start(y[0])] -= 1;
                transGrad[RoleModel.End(y[n - 1])] -= 1;
                for (var t = 1; t < n; t++)
                {
                    for (var x = 0; x < L; x++)
                        for (var label = 0; label < L; label++)
                            transGrad[RoleModel.Trans(x, label)] += Math.Exp(alpha[t - 1, x] + transitions[RoleModel.Trans(x, label)] + e[t, label] + beta[t, label] - logZ);
                    transGrad[RoleModel.Trans(y[t - 1], y[t])] -= 1;
                }
                for (var i = 0; i < transitions.Length; i++)
                    if (transGrad[i] != 0) Step(transitions, transSq, transLag, steps, i, transGrad[i], options);
                steps++;
            }
        }
        // Ship what is evaluated: round to the half precision the model file stores.
        for (var i = 0; i < weights.Length; i++) weights[i] = (float)(Half)(float)(weights[i] - weightLag[i] / steps);
        for (var i = 0; i < transitions.Length; i++) transitions[i] = (float)(transitions[i] - transLag[i] / steps);
        dense?.Average(steps);
        return model;
    }

    private static double[] SentenceWeights(LabeledAbstract a, double power)
    {
        var weight = new double[a.Labels.Count];
        for (var t = 0; t < weight.Length; t++) weight[t] = power == 0 || a.Agreement is null ? 1 : Math.Pow(a.Agreement[t], power);
        return weight;
    }

    private static void Step(float[] w, double[] sumSq, double[] lag, long steps, int i, double g, RoleTrainingOptions o)
    {
        g += o.L2 * w[i];
        sumSq[i] += g * g;
        var delta = o.LearningRate * g / Math.Sqrt(sumSq[i] + 1e-8);
        w[i] -= (float)delta;
        lag[i] -= steps * delta;
    }

    private static RoleNet NewNet(WordVectors vectors, int hidden, Random random, int sentenceDimensions)
    {
        var inputs = RoleNet.Blocks * vectors.Dimensions + 3 * sentenceDimensions;
        var w1 = new float[hidden * inputs];
        var w2 = new float[RoleModel.Labels * hidden];
        var r1 = Math.Sqrt(6.0 / (inputs + hidden));
        var r2 = Math.Sqrt(6.0 / (hidden + RoleModel.Labels));
        for (var i = 0; i < w1.Length; i++) w1[i] = (float)((random.NextDouble() * 2 - 1) * r1);
        for (var i = 0; i < w2.Length; i++) w2[i] = (float)((random.NextDouble() * 2 - 1) * r2);
        return new RoleNet(vectors, hidden, w1, new float[hidden], w2, sentenceDimensions);
    }

    /// <summary>Back-propagates the CRF's emission gradient through the network, one AdaGrad step per abstract.</summary>
    private sealed class DenseTrainer(RoleNet net, RoleTrainingOptions options)
    {
        private readonly Param _w1 = new(net.InputWeights);
        private readonly Param _b1 = new(net.HiddenBias);
        private readonly Param _w2 = new(net.OutputWeights);
        private readonly float[] _gh = new float[net.Hidden];

        public void Step(float[][] inputs, float[][] hidden, double[,] marginals, int[] gold, double[] weight, long steps)
        {
            const int L = RoleModel.Labels;
            var h = net.Hidden;
            var n = net.Inputs;
            _w1.Clear(); _b1.Clear(); _w2.Clear();
            for (var t = 0; t < inputs.Length; t++)
            {
                Array.Clear(_gh);
                for (var y = 0; y < L; y++)
                {
                    var g = (float)(weight[t] * (marginals[t, y] - (gold[t] == y ? 1 : 0)));
                    TensorPrimitives.MultiplyAdd(hidden[t], g, _w2.Grad.AsSpan(y * h, h), _w2.Grad.AsSpan(y * h, h));
                    TensorPrimitives.MultiplyAdd(net.OutputWeights.AsSpan(y * h, h), g, _gh, _gh);
                }
                var x = inputs[t];
                for (var j = 0; j < h; j++)
                {
                    var ga = _gh[j] * (1 - hidden[t][j] * hidden[t][j]);
                    if (ga == 0) continue;
                    _b1.Grad[j] += ga;
                    var row = _w1.Grad.AsSpan(j * n, n);
                    TensorPrimitives.MultiplyAdd(x, ga, row, row);
                }
            }
            _w1.Apply(options.NetLearningRate, options.NetL2, steps);
            _b1.Apply(options.NetLearningRate, 0, steps);
            _w2.Apply(options.NetLearningRate, options.NetL2, steps);
        }

        /// <summary>Replaces the weights by their average over all steps.</summary>
        public void Average(long steps)
        {
            _w1.Average(steps);
            _b1.Average(steps);
            _w2.Average(steps);
        }

        /// <summary>One weight array with its gradient, AdaGrad sum of squares and averaging lag.</summary>
        private sealed class Param(float[] weights)
        {
            public readonly float[] Grad = new float[weights.Length];
            private readonly float[] _sumSq = new float[weights.Length];
            private readonly float[] _lag = new float[weights.Length];
            private readonly float[] _tmp = new float[weights.Length];

            public void Clear() => Array.Clear(Grad);

            public void Apply(double rate, double l2, long steps)
            {
                var w = weights.AsSpan();
                var g = Grad.AsSpan();
                var tmp = _tmp.AsSpan();
                if (l2 > 0) TensorPrimitives.MultiplyAdd(w, (float)l2, g, g);
                TensorPrimitives.MultiplyAdd(g, g, _sumSq, _sumSq);
                TensorPrimitives.Add(_sumSq, 1e-8f, tmp);
                TensorPrimitives.Sqrt(tmp, tmp);
                TensorPrimitives.Divide(g, tmp, tmp);
                TensorPrimitives.Multiply(tmp, (float)rate, tmp);
                TensorPrimitives.Subtract(w, tmp, w);
                TensorPrimitives.MultiplyAdd(tmp, -(float)steps, _lag, _lag);
            }

            public void Average(long steps)
            {
                TensorPrimitives.Divide(_lag, (float)steps, _tmp);
                TensorPrimitives.Subtract(weights, _tmp, weights);
            }
        }
    }
}
