namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>
/// A linear-chain CRF over sentence roles: per-sentence scores from hashed features plus label-transition scores,
/// decoded jointly with Viterbi; confidences are the forward-backward marginals.
/// </summary>
internal sealed class RoleModel
{
    /// <summary>Number of labels (the <see cref="SentenceRole"/> values).</summary>
    public const int Labels = 5;

    public RoleModel(int bits, float[] weights, float[] transitions, RoleNet? net = null)
    {
        if (bits is < 8 or > 24) throw new ArgumentOutOfRangeException(nameof(bits), bits, "hash bits must be 8..24");
        if (weights.Length != (1 << bits) * Labels) throw new ArgumentException($"expected {(1 << bits) * Labels} weights, got {weights.Length}", nameof(weights));
        if (transitions.Length != TransitionCount) throw new ArgumentException($"expected {TransitionCount} transition scores, got {transitions.Length}", nameof(transitions));
        Bits = bits;
        Weights = weights;
        Transitions = transitions;
        Net = net;
    }

    /// <summary>The word-vector network whose scores add to the hashed-feature scores, when the model has one.</summary>
    public RoleNet? Net { get; }

    /// <summary>Start row, then one row per previous label, then the end column: (1 + L) * L + L.</summary>
    public const int TransitionCount = (1 + Labels) * Labels + Labels;

    /// <summary>Hash bits of the feature space.</summary>
    public int Bits { get; }

    /// <summary>Emission weights, feature-major: <c>Weights[feature * Labels + label]</c>.</summary>
    public float[] Weights { get; }

    /// <summary>Transition scores: start→y at <c>y</c>, x→y at <c>(1 + x) * L + y</c>, y→end at <c>(1 + L) * L + y</c>.</summary>
    public float[] Transitions { get; }

    /// <summary>Per-sentence label scores (sentences × labels).</summary>
    public double[,] Emissions(int[][] features)
    {
        var scores = new double[features.Length, Labels];
        for (var t = 0; t < features.Length; t++)
            foreach (var f in features[t])
            {
                var row = f * Labels;
                for (var y = 0; y < Labels; y++) scores[t, y] += Weights[row + y];
            }
        return scores;
    }

    /// <summary>Per-sentence label scores of tokenized sentences: hashed features plus the network, if any.</summary>
    public double[,] Scores(List<string>[] tokens, IReadOnlyList<float[]>? sentenceVectors = null)
    {
        var e = Emissions(RoleFeaturizer.Featurize(tokens, Bits));
        Net?.AddScores(Net.Encode(tokens, sentenceVectors), e);
        return e;
    }

    public static int Trans(int from, int to) => (1 + from) * Labels + to;

    public static int Start(int to) => to;

    public static int End(int from) => (1 + Labels) * Labels + from;

    /// <summary>The best label sequence for the given emission scores.</summary>
    public int[] Viterbi(double[,] e)
    {
        var n = e.GetLength(0);
        var path = new int[n];
        if (n == 0) return path;
        var score = new double[n, Labels];
        var back = new int[n, Labels];
        for (var y = 0; y < Labels; y++) score[0, y] = Transitions[Start(y)] + e[0, y];
        for (var t = 1; t < n; t++)
            for (var y = 0; y < Labels; y++)
            {
                var best = double.NegativeInfinity; var arg = 0;
                for (var x = 0; x < Labels; x++)
                {
                    var s = score[t - 1, x] + Transitions[Trans(x, y)];
                    if (s > best) { best = s; arg = x; }
                }
                score[t, y] = best + e[t, y];
                back[t, y] = arg;
            }
        var last = 0; var top = double.NegativeInfinity;
        for (var y = 0; y < Labels; y++)
        {
            var s = score[n - 1, y] + Transitions[End(y)];
            if (s > top) { top = s; last = y; }
        }
        path[n - 1] = last;
        for (var t = n - 1; t > 0; t--) path[t - 1] = back[t, path[t]];
        return path;
    }

    /// <summary>Forward-backward: per-sentence label marginals and the log partition function.</summary>
    public double[,] Marginals(double[,] e, out double logZ, out double[,] alpha, out double[,] beta)
    {
        var n = e.GetLength(0);
        alpha = new double[n, Labels];
        beta = new double[n, Labels];
        var m = new double[n, Labels];
        Span<double> tmp = stackalloc double[Labels];
        for (var y = 0; y < Labels; y++) alpha[0, y] = Transitions[Start(y)] + e[0, y];
        for (var t = 1; t < n; t++)
            for (var y = 0; y < Labels; y++)
            {
                for (var x = 0; x < Labels; x++) tmp[x] = alpha[t - 1, x] + Transitions[Trans(x, y)];
                alpha[t, y] = LogSumExp(tmp) + e[t, y];
            }
        for (var y = 0; y < Labels; y++) beta[n - 1, y] = Transitions[End(y)];
        for (var t = n - 2; t >= 0; t--)
            for (var x = 0; x < Labels; x++)
            {
                for (var y = 0; y < Labels; y++) tmp[y] = Transitions[Trans(x, y)] + e[t + 1, y] + beta[t + 1, y];
                beta[t, x] = LogSumExp(tmp);
            }
        for (var y = 0; y < Labels; y++) tmp[y] = alpha[n - 1, y] + beta[n - 1, y];
        logZ = LogSumExp(tmp);
        for (var t = 0; t < n; t++)
            for (var y = 0; y < Labels; y++) m[t, y] = Math.Exp(alpha[t, y] + beta[t, y] - logZ);
        return m;
    }

    /// <summary>Roles and their marginal confidences for one abstract's sentences.</summary>
    public (int[] Labels, double[] Confidence) Predict(IReadOnlyList<string> sentences)
    {
        if (sentences.Count == 0) return ([], []);
        var e = Scores(RoleFeaturizer.Tokenize(sentences));
        var path = Viterbi(e);
        var m = Marginals(e, out _, out _, out _);
        var conf = new double[path.Length];
        for (var t = 0; t < path.Length; t++) conf[t] = m[t, path[t]];
        return (path, conf);
    }

    internal static double LogSumExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values) if (v > max) max = v;
        if (double.IsNegativeInfinity(max)) return max;
        var sum = 0.0;
        foreach (var v in values) sum += Math.Exp(v - max);
        return max + Math.Log(sum);
    }
}
