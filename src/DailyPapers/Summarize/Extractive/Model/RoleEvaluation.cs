namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>Sentence-level accuracy and macro-F1 over the five roles.</summary>
internal sealed record RoleScores(double Accuracy, double MacroF1, int Sentences)
{
    public override string ToString() => $"accuracy {Accuracy:0.0000}  macro-F1 {MacroF1:0.0000}  ({Sentences} sentences)";
}

/// <summary>Scores a predictor against gold roles, sentence by sentence.</summary>
internal static class RoleEvaluation
{
    public static RoleScores Score(IReadOnlyList<LabeledAbstract> data, Func<LabeledAbstract, IReadOnlyList<int>> predict, double minAgreement = 0)
    {
        const int L = RoleModel.Labels;
        var tp = new int[L]; var fp = new int[L]; var fn = new int[L];
        int correct = 0, total = 0;
        foreach (var a in data)
        {
            var predicted = predict(a);
            for (var t = 0; t < a.Labels.Count; t++)
            {
                if (minAgreement > 0 && a.Agreement is { } agreement && agreement[t] < minAgreement) continue;
                var gold = (int)a.Labels[t];
                var guess = predicted[t];
                total++;
                if (gold == guess) { correct++; tp[gold]++; }
                else { fp[guess]++; fn[gold]++; }
            }
        }
        var f1 = 0.0;
        for (var y = 0; y < L; y++)
        {
            var denominator = 2.0 * tp[y] + fp[y] + fn[y];
            f1 += denominator == 0 ? 0 : 2.0 * tp[y] / denominator;
        }
        return new RoleScores(total == 0 ? 0 : (double)correct / total, f1 / L, total);
    }

    /// <summary>The trained model's Viterbi labels.</summary>
    public static RoleScores Score(IReadOnlyList<LabeledAbstract> data, RoleModel model, double minAgreement = 0) =>
        Score(data, a => model.Predict(a.Sentences).Labels, minAgreement);
}

/// <summary>The baselines the issue compares against: the majority class, and multinomial Naive Bayes on words.</summary>
internal sealed class NaiveBayesBaseline
{
    private readonly Dictionary<string, double[]> _logLikelihood = new(StringComparer.Ordinal);
    private readonly double[] _logPrior = new double[RoleModel.Labels];
    private readonly double[] _unseen = new double[RoleModel.Labels];
    private readonly bool _position;

    public NaiveBayesBaseline(IReadOnlyList<LabeledAbstract> train, bool withPosition)
    {
        const int L = RoleModel.Labels;
        _position = withPosition;
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var totals = new double[L];
        var docs = new int[L];
        foreach (var a in train)
            for (var t = 0; t < a.Sentences.Count; t++)
            {
                var y = (int)a.Labels[t];
                docs[y]++;
                foreach (var w in Words(a.Sentences, t))
                {
                    if (!counts.TryGetValue(w, out var c)) counts[w] = c = new int[L];
                    c[y]++; totals[y]++;
                }
            }
        var all = docs.Sum();
        for (var y = 0; y < L; y++)
        {
            _logPrior[y] = Math.Log((docs[y] + 1.0) / (all + L));
            _unseen[y] = Math.Log(1.0 / (totals[y] + counts.Count));
        }
        foreach (var (w, c) in counts)
            _logLikelihood[w] = [.. Enumerable.Range(0, L).Select(y => Math.Log((c[y] + 1.0) / (totals[y] + counts.Count)))];
    }

    public IReadOnlyList<int> Predict(IReadOnlyList<string> sentences)
    {
        var result = new int[sentences.Count];
        for (var t = 0; t < sentences.Count; t++)
        {
            var score = (double[])_logPrior.Clone();
            foreach (var w in Words(sentences, t))
                if (_logLikelihood.TryGetValue(w, out var ll))
                    for (var y = 0; y < score.Length; y++) score[y] += ll[y];
            result[t] = Array.IndexOf(score, score.Max());
        }
        return result;
    }

    /// <summary>The most frequent training role, predicted for every sentence.</summary>
    public static int Majority(IReadOnlyList<LabeledAbstract> train) =>
        train.SelectMany(a => a.Labels).GroupBy(l => (int)l).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;

    private IEnumerable<string> Words(IReadOnlyList<string> sentences, int t)
    {
        foreach (var w in RoleFeaturizer.Tokenize(sentences[t])) yield return w;
        if (!_position) yield break;
        var n = sentences.Count;
        yield return "@rel" + (n == 1 ? 0 : t * 4 / (n - 1));
        yield return "@start" + Math.Min(t, 4);
    }
}
