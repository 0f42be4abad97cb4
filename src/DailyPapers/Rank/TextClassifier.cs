using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace DailyPapers.Rank;

/// <summary>
/// The arxiv-sanity method: tf-idf of word unigrams and bigrams, and a linear SVM trained with the library as positives
/// against other stored papers as negatives (classes weighted to balance). Scores are the SVM's margins.
/// </summary>
public sealed class TextClassifier
{
    /// <summary>Fewest positives (and negatives) worth training on; a smaller library ranks by embeddings alone.</summary>
    public const int MinimumExamples = 10;

    private readonly MLContext _ml;
    private readonly ITransformer _model;

    private TextClassifier(MLContext ml, ITransformer model)
    {
        _ml = ml;
        _model = model;
    }

    /// <summary>Trains on <paramref name="positives"/> against <paramref name="negatives"/>; null when either has fewer than <see cref="MinimumExamples"/> texts.</summary>
    public static TextClassifier? Train(IReadOnlyList<string> positives, IReadOnlyList<string> negatives)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (positives.Count < MinimumExamples || negatives.Count < MinimumExamples) return null;
        var ml = new MLContext(seed: 1);
        float total = positives.Count + negatives.Count;
        var rows = positives.Select(t => new Row { Text = t, Label = true, Weight = total / (2f * positives.Count) })
            .Concat(negatives.Select(t => new Row { Text = t, Label = false, Weight = total / (2f * negatives.Count) })).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var featurize = ml.Transforms.Text.FeaturizeText("Features", new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepPunctuations = false,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(Row.Text));
        var pipeline = featurize.Append(ml.BinaryClassification.Trainers.LinearSvm(nameof(Row.Label), "Features", nameof(Row.Weight), numberOfIterations: 20));
        return new TextClassifier(ml, pipeline.Fit(data));
    }

    /// <summary>The SVM margin of each text, in order (higher: more like the library).</summary>
    public IReadOnlyList<float> Score(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return [];
        var data = _ml.Data.LoadFromEnumerable(texts.Select(t => new Row { Text = t }));
        return [.. _ml.Data.CreateEnumerable<Prediction>(_model.Transform(data), reuseRowObject: false).Select(p => p.Score)];
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";
        public bool Label { get; set; }
        public float Weight { get; set; } = 1;
    }

    private sealed class Prediction
    {
        [ColumnName("Score")]
        public float Score { get; set; }
    }
}
