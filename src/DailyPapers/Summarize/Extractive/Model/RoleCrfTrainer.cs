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
    /// <summary>Seed of the per-epoch shuffle.</summary>
    public int Seed { get; init; } = 20190101;
}

/// <summary>
/// Trains a <see cref="RoleModel"/> by maximum conditional likelihood (AdaGrad, single thread, seeded shuffle),
/// so the same data and options give the same bytes.
/// </summary>
internal static class RoleCrfTrainer
{
    public static RoleModel Train(IReadOnlyList<LabeledAbstract> data, RoleTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        if (data.Count == 0) throw new ArgumentException("no training abstracts", nameof(data));
        const int L = RoleModel.Labels;
        var weights = new float[(1 << options.Bits) * L];
        var transitions = new float[RoleModel.TransitionCount];
        var model = new RoleModel(options.Bits, weights, transitions);
        var sumSq = new double[weights.Length];
        var transSq = new double[transitions.Length];
        var feats = data.Select(a => RoleFeaturizer.Featurize(a.Sentences, options.Bits)).ToArray();
        var gold = data.Select(a => a.Labels.Select(l => (int)l).ToArray()).ToArray();
        var order = Enumerable.Range(0, data.Count).ToArray();
        var random = new Random(options.Seed);
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
                var m = model.Marginals(e, out var logZ, out var alpha, out var beta);
                for (var t = 0; t < n; t++)
                    for (var label = 0; label < L; label++)
                    {
                        var g = m[t, label] - (y[t] == label ? 1 : 0);
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
        return model;
    }

    private static void Step(float[] w, double[] sumSq, double[] lag, long steps, int i, double g, RoleTrainingOptions o)
    {
        g += o.L2 * w[i];
        sumSq[i] += g * g;
        var delta = o.LearningRate * g / Math.Sqrt(sumSq[i] + 1e-8);
        w[i] -= (float)delta;
        lag[i] -= steps * delta;
    }
}
