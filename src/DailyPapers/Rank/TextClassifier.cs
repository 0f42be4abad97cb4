using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace DailyPapers.Rank;

/// <summary>
/// The arxiv-sanity method: tf-idf of word unigrams and bigrams, and a linear SVM trained with the library as positives
/// against other stored papers as negatives (classes weighted to balance). Scores are the SVM's margins. Optionally each
/// text also brings a dense vector (its sentence embedding, scaled by a weight) appended to the tf-idf features, so one
/// linear model learns from the words and the meaning together.
/// </summary>
public sealed class TextClassifier
{
    /// <summary>Fewest positives (and negatives) worth training on; a smaller library ranks by embeddings alone.</summary>
    public const int MinimumExamples = 10;

    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly int _dimensions;
    private readonly float _vectorWeight;

    private TextClassifier(MLContext ml, ITransformer model, int dimensions, float vectorWeight)
    {
        _ml = ml;
        _model = model;
        _dimensions = dimensions;
        _vectorWeight = vectorWeight;
    }

    /// <summary>Whether the model also reads a vector per text (then <see cref="Score(IReadOnlyList{string}, IReadOnlyList{float[]})"/> needs them).</summary>
    public bool UsesVectors => _dimensions > 0;

    /// <summary>Trains on <paramref name="positives"/> against <paramref name="negatives"/>; null when either has fewer than <see cref="MinimumExamples"/> texts.</summary>
    public static TextClassifier? Train(IReadOnlyList<string> positives, IReadOnlyList<string> negatives) => Train(positives, negatives, null, null, 0);

    /// <summary>
    /// Trains on tf-idf features and, when <paramref name="vectorWeight"/> is above 0, each text's vector times that
    /// weight appended to them (the tf-idf part has unit length, like a sentence embedding); null when either class has
    /// fewer than <see cref="MinimumExamples"/> texts.
    /// </summary>
    public static TextClassifier? Train(IReadOnlyList<string> positives, IReadOnlyList<string> negatives,
        IReadOnlyList<float[]>? positiveVectors, IReadOnlyList<float[]>? negativeVectors, float vectorWeight)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (positives.Count < MinimumExamples || negatives.Count < MinimumExamples) return null;
        var dimensions = 0;
        if (vectorWeight > 0)
        {
            ArgumentNullException.ThrowIfNull(positiveVectors);
            ArgumentNullException.ThrowIfNull(negativeVectors);
            if (positiveVectors.Count != positives.Count || negativeVectors.Count != negatives.Count)
                throw new ArgumentException("one vector is needed per text");
            dimensions = positiveVectors.Count > 0 ? positiveVectors[0].Length : 0;
            if (positiveVectors.Concat(negativeVectors).Any(v => v.Length != dimensions)) throw new ArgumentException("the vectors differ in length");
        }
        var ml = new MLContext(seed: 1);
        float total = positives.Count + negatives.Count;
        var rows = positives.Select((t, i) => new Row { Text = t, Label = true, Weight = total / (2f * positives.Count), Vector = Scaled(positiveVectors, i, dimensions, vectorWeight) })
            .Concat(negatives.Select((t, i) => new Row { Text = t, Label = false, Weight = total / (2f * negatives.Count), Vector = Scaled(negativeVectors, i, dimensions, vectorWeight) })).ToList();
        var data = ml.Data.LoadFromEnumerable(rows, Schema(dimensions));
        var textColumn = dimensions > 0 ? "TextFeatures" : "Features";
        var featurize = ml.Transforms.Text.FeaturizeText(textColumn, new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepPunctuations = false,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(Row.Text));
        var trainer = ml.BinaryClassification.Trainers.LinearSvm(nameof(Row.Label), "Features", nameof(Row.Weight), numberOfIterations: 20);
        var model = dimensions > 0
            ? featurize.Append(ml.Transforms.Concatenate("Features", textColumn, nameof(Row.Vector))).Append(trainer).Fit(data)
            : (ITransformer)featurize.Append(trainer).Fit(data);
        return new TextClassifier(ml, model, dimensions, vectorWeight);
    }

    /// <summary>The SVM margin of each text, in order (higher: more like the library).</summary>
    public IReadOnlyList<float> Score(IReadOnlyList<string> texts) => Score(texts, null);

    /// <summary>The SVM margin of each text with its vector (needed when the model was trained with vectors), in order.</summary>
    public IReadOnlyList<float> Score(IReadOnlyList<string> texts, IReadOnlyList<float[]>? vectors)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) return [];
        if (UsesVectors && (vectors is null || vectors.Count != texts.Count)) throw new ArgumentException("this model needs one vector per text", nameof(vectors));
        var data = _ml.Data.LoadFromEnumerable(texts.Select((t, i) => new Row { Text = t, Vector = Scaled(vectors, i, _dimensions, _vectorWeight) }), Schema(_dimensions));
        return [.. _ml.Data.CreateEnumerable<Prediction>(_model.Transform(data), reuseRowObject: false).Select(p => p.Score)];
    }

    private static float[] Scaled(IReadOnlyList<float[]>? vectors, int i, int dimensions, float weight)
    {
        if (dimensions == 0 || vectors is null) return new float[1];
        var v = vectors[i];
        var result = new float[dimensions];
        for (var j = 0; j < dimensions; j++) result[j] = v[j] * weight;
        return result;
    }

    private static SchemaDefinition Schema(int dimensions)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        // The vector's length is the encoder's, known only now; a model without vectors carries an empty one it never reads.
        schema[nameof(Row.Vector)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, dimensions));
        return schema;
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";
        public bool Label { get; set; }
        public float Weight { get; set; } = 1;
        public float[] Vector { get; set; } = [];
    }

    private sealed class Prediction
    {
        [ColumnName("Score")]
        public float Score { get; set; }
    }
}
