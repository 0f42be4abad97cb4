using DailyPapers.Summarize.Extractive;
using DailyPapers.Summarize.Extractive.Model;

namespace DailyPapers.Tests.Summarize;

public sealed class RoleModelTests
{
    private static string CsAbstructFolder => Path.Combine(TestPaths.SharedData, "csabstruct");

    [Fact]
    public void The_shipped_model_reaches_its_reported_accuracy_on_the_csabstruct_test_split()
    {
        // Given the CSAbstruct test split (never used for training or tuning)
        var test = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "test.jsonl"));

        // When the embedded model labels every abstract
        var scores = RoleEvaluation.Score(test, TrainedRoleClassifier.Default.Model);

        // Then it scores what train-roles reported (0.8050 accuracy, 0.7834 macro-F1), less a hair for rounding
        Assert.Equal(1349, scores.Sentences);
        Assert.True(scores.Accuracy >= 0.80, $"test accuracy {scores.Accuracy:0.0000}");
        Assert.True(scores.MacroF1 >= 0.78, $"test macro-F1 {scores.MacroF1:0.0000}");
    }

    [Fact]
    public void The_trained_model_beats_the_majority_class_and_bag_of_words_baselines_on_dev()
    {
        var train = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "train.jsonl"));
        var dev = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "dev.jsonl"));
        var bow = new NaiveBayesBaseline(train, withPosition: false);
        var majority = NaiveBayesBaseline.Majority(train);

        var model = RoleEvaluation.Score(dev, TrainedRoleClassifier.Default.Model);
        var bowScore = RoleEvaluation.Score(dev, a => bow.Predict(a.Sentences));
        var majorityScore = RoleEvaluation.Score(dev, a => Enumerable.Repeat(majority, a.Labels.Count).ToArray());

        Assert.True(model.Accuracy > bowScore.Accuracy + 0.1, $"model {model.Accuracy:0.000} vs bag-of-words {bowScore.Accuracy:0.000}");
        Assert.True(bowScore.Accuracy > majorityScore.Accuracy, $"bag-of-words {bowScore.Accuracy:0.000} vs majority {majorityScore.Accuracy:0.000}");
    }

    [Fact]
    public void Training_twice_on_the_same_slice_gives_the_same_model_bytes()
    {
        // Given a small slice of the training split
        var slice = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "train.jsonl")).Take(120).ToList();
        var options = new RoleTrainingOptions { Bits = 14, Epochs = 2 };

        // When it is trained twice
        var first = Bytes(RoleCrfTrainer.Train(slice, options));
        var second = Bytes(RoleCrfTrainer.Train(slice, options));

        // Then the files are identical, and a different seed gives a different model
        Assert.Equal(first, second);
        Assert.NotEqual(first, Bytes(RoleCrfTrainer.Train(slice, options with { Seed = 7 })));
    }

    [Fact]
    public void A_model_file_reads_back_to_the_same_predictions()
    {
        var slice = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "train.jsonl")).Take(80).ToList();
        var trained = RoleCrfTrainer.Train(slice, new RoleTrainingOptions { Bits = 14, Epochs = 2 });
        var path = Path.Combine(TestPaths.NewTempFolder(), "roles.bin");
        File.WriteAllBytes(path, Bytes(trained));

        var loaded = TrainedRoleClassifier.Load(path);

        Assert.StartsWith("csabstruct-crf-v1+", loaded.ModelName, StringComparison.Ordinal);
        foreach (var a in slice.Take(20))
            Assert.Equal(trained.Predict(a.Sentences).Labels, loaded.Classify(a.Sentences).Select(r => (int)r.Role));
    }

    [Fact]
    public void A_damaged_model_file_is_rejected_with_its_name_and_the_problem()
    {
        var folder = TestPaths.NewTempFolder();
        var notModel = Path.Combine(folder, "not-a-model.bin");
        File.WriteAllBytes(notModel, Bytes(RoleCrfTrainer.Train(CsAbstruct.Read(Path.Combine(CsAbstructFolder, "dev.jsonl")).Take(10).ToList(), new RoleTrainingOptions { Bits = 12, Epochs = 1 }))[..40]);

        var truncated = Assert.Throws<InvalidDataException>(() => TrainedRoleClassifier.Load(notModel));
        var missing = Assert.Throws<FileNotFoundException>(() => TrainedRoleClassifier.Load(Path.Combine(folder, "nope.bin")));

        Assert.Contains("not-a-model.bin", truncated.Message, StringComparison.Ordinal);
        Assert.Contains("nope.bin' does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_csabstruct_line_is_named_by_file_and_line()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "train.jsonl");
        File.WriteAllLines(path, ["{\"sentences\": [\"A.\"], \"labels\": [\"method\"]}", "{\"sentences\": [\"B.\"], \"labels\": [\"conclusion\"]}"]);

        var ex = Assert.Throws<FormatException>(() => CsAbstruct.Read(path));

        Assert.Contains("train.jsonl:2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unknown label 'conclusion'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Confidences_are_probabilities_and_every_sentence_gets_a_role()
    {
        string[] sentences = ["Large models are costly.", "We propose a cheaper one.", "It uses sparse attention.", "It is 3x faster on GLUE."];

        var roles = TrainedRoleClassifier.Default.Classify(sentences);

        Assert.Equal(4, roles.Count);
        Assert.All(roles, r => Assert.InRange(r.Confidence, 0.0, 1.0));
        Assert.Equal(SentenceRole.Background, roles[0].Role);
        Assert.Equal(SentenceRole.Result, roles[3].Role);
    }

    internal static byte[] Bytes(RoleModel model)
    {
        using var stream = new MemoryStream();
        RoleModelFile.Write(model, stream);
        return stream.ToArray();
    }
}

public sealed class WordVectorRoleModelTests
{
    private static string CsAbstructFolder => Path.Combine(TestPaths.SharedData, "csabstruct");

    [Fact]
    public void Retraining_on_csabstruct_with_the_shipped_vectors_gives_the_shipped_figures()
    {
        // Given the full CSAbstruct splits and the word vectors inside the shipped model
        var folder = TestPaths.NewTempFolder();

        // When train-roles' training runs with its defaults (what `train-roles --data ... --out ...` does)
        var report = RoleModelTraining.Run(CsAbstructFolder, Path.Combine(folder, "roles.bin"), new RoleTrainingOptions());

        // Then it scores what the shipped model scores; the bytes match too on the CPU that trained it (see data/README.md)
        var shipped = RoleEvaluation.Score(CsAbstruct.Read(Path.Combine(CsAbstructFolder, "test.jsonl")), TrainedRoleClassifier.Default.Model);
        Assert.Equal(25_285, report.WordVectors);
        Assert.Equal(shipped.Accuracy, report.Test.Accuracy, 3);
        Assert.Equal(0.8050, report.Test.Accuracy, 3);
        Assert.Equal(0.7834, report.Test.MacroF1, 3);
        Assert.Equal(0.6747, report.Dev.Accuracy, 3);
    }

    [Fact]
    public void The_shipped_model_carries_its_word_vector_network()
    {
        var net = TrainedRoleClassifier.Default.Model.Net;

        Assert.NotNull(net);
        Assert.Equal(100, net.Vectors.Dimensions);
        Assert.InRange(net.Vectors.Count, 20_000, 40_000);
        Assert.True(net.Vectors.Contains("propose") && net.Vectors.Contains("results") && net.Vectors.Contains("%"));
        Assert.StartsWith("csabstruct-crf-v2+", TrainedRoleClassifier.Default.ModelName, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_most_frequent_words_and_the_accepted_ones_are_kept_and_vectors_survive_quantization()
    {
        // Given a vector file of six words in frequency order
        string[] words = ["the", "we", "propose", "results", "zebra", "quokka"];
        var path = WinkGloveFixture.Write(TestPaths.NewTempFolder(), words);

        // When the two most frequent words are kept, plus any word the caller accepts
        var vectors = WordVectors.FromWinkGlove(path, top: 2, alsoKeep: w => w is "results" or "quokka");

        // Then exactly those four remain, in frequency order, each within half a quantization step of its source
        // (plus the half-precision rounding of the step itself)
        Assert.Equal(["the", "we", "results", "quokka"], vectors.Words);
        Assert.False(vectors.Contains("propose"));
        foreach (var w in vectors.Words)
        {
            var original = WinkGloveFixture.VectorOf(w, 8).Take(8).ToArray();
            var restored = new float[8];
            Assert.True(vectors.AddTo(w, restored));
            var step = original.Max(Math.Abs) / 127 * 0.6f;
            for (var d = 0; d < 8; d++) Assert.InRange(restored[d], original[d] - step, original[d] + step);
        }
        Assert.False(vectors.AddTo("zebra", new float[8]));
    }

    [Fact]
    public void A_vector_file_in_another_layout_is_named_with_what_is_missing()
    {
        var folder = TestPaths.NewTempFolder();
        var wrong = Path.Combine(folder, "glove.6B.100d.txt");
        File.WriteAllText(wrong, "{\"words\": [\"the\"]}");
        var notJson = Path.Combine(folder, "vectors.json");
        File.WriteAllText(notJson, "the 0.1 0.2 0.3");

        var layout = Assert.Throws<InvalidDataException>(() => WordVectors.FromWinkGlove(wrong, 10, _ => false));
        var json = Assert.Throws<InvalidDataException>(() => WordVectors.FromWinkGlove(notJson, 10, _ => false));
        var missing = Assert.Throws<FileNotFoundException>(() => WordVectors.FromWinkGlove(Path.Combine(folder, "none.json"), 10, _ => false));

        Assert.Contains("glove.6B.100d.txt", layout.Message, StringComparison.Ordinal);
        Assert.Contains("'dimensions'", layout.Message, StringComparison.Ordinal);
        Assert.Contains("vectors.json' is not JSON", json.Message, StringComparison.Ordinal);
        Assert.Contains("none.json' does not exist", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_with_a_network_trains_reproducibly_and_reads_back_to_the_same_predictions()
    {
        // Given a training slice and vectors for its words
        var slice = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "train.jsonl")).Take(80).ToList();
        var words = slice.SelectMany(a => a.Sentences).SelectMany(RoleFeaturizer.Tokenize).Distinct().Order(StringComparer.Ordinal).ToList();
        var vectors = WordVectors.FromWinkGlove(WinkGloveFixture.Write(TestPaths.NewTempFolder(), words), words.Count, _ => false);
        var options = new RoleTrainingOptions { Bits = 14, Epochs = 2, Hidden = 8 };

        // When it is trained twice, and once without vectors
        var trained = RoleCrfTrainer.Train(slice, options, vectors);
        var again = RoleCrfTrainer.Train(slice, options, vectors);
        var plain = RoleCrfTrainer.Train(slice, options);
        var path = Path.Combine(TestPaths.NewTempFolder(), "roles.bin");
        File.WriteAllBytes(path, Bytes(trained));
        var loaded = TrainedRoleClassifier.Load(path);

        // Then both runs give the same file, the network changed the scores, and the file predicts what was trained
        Assert.Equal(Bytes(trained), Bytes(again));
        Assert.NotNull(trained.Net);
        var tokens = RoleFeaturizer.Tokenize(slice[0].Sentences);
        Assert.NotEqual(Flatten(plain.Scores(tokens)), Flatten(trained.Scores(tokens)));
        Assert.StartsWith("csabstruct-crf-v2+", loaded.ModelName, StringComparison.Ordinal);
        foreach (var a in slice.Take(20))
            Assert.Equal(trained.Predict(a.Sentences).Labels, loaded.Classify(a.Sentences).Select(r => (int)r.Role));
    }

    [Fact]
    public void A_network_with_sentence_embeddings_reads_each_sentences_and_its_neighbours_but_is_never_written_as_a_model_file()
    {
        // Given a training slice, vectors for its words and a 16-dimension embedding per sentence (a fixed function of its text)
        var slice = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "train.jsonl")).Take(40).ToList();
        var words = slice.SelectMany(a => a.Sentences).SelectMany(RoleFeaturizer.Tokenize).Distinct().Order(StringComparer.Ordinal).ToList();
        var vectors = WordVectors.FromWinkGlove(WinkGloveFixture.Write(TestPaths.NewTempFolder(), words), words.Count, _ => false);
        static float[] Embed(string sentence) => WinkGloveFixture.VectorOf(sentence, 16)[..16];
        var embeddings = slice.Select(a => (IReadOnlyList<float[]>)[.. a.Sentences.Select(Embed)]).ToList();
        var options = new RoleTrainingOptions { Bits = 12, Epochs = 1, Hidden = 8 };

        // When a model is trained with them
        var trained = RoleCrfTrainer.Train(slice, options, vectors, embeddings);

        // Then its scores follow the embeddings, of the sentence and of its neighbours, and it needs them
        var tokens = RoleFeaturizer.Tokenize(slice[0].Sentences);
        var own = Flatten(trained.Scores(tokens, embeddings[0]));
        var changedSecond = embeddings[0].Select((v, t) => t == 1 ? v.Select(x => -x).ToArray() : v).ToList();
        var changed = trained.Scores(tokens, changedSecond);
        Assert.NotEqual(own, Flatten(changed));
        Assert.NotEqual(own[0], changed[0, 0]); // the first sentence's score moved with its neighbour's embedding
        Assert.Equal(3 * 16, trained.Net!.Inputs - RoleNet.Blocks * vectors.Dimensions);
        Assert.Throws<ArgumentException>(() => trained.Scores(tokens));
        // And the model file, which holds word-vector networks only, refuses it rather than write what it cannot read
        Assert.Throws<NotSupportedException>(() => Bytes(trained));
    }

    [Fact]
    public void Agreement_filtered_scoring_counts_only_the_sentences_the_annotators_agreed_on()
    {
        var dev = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "dev.jsonl"));
        var test = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "test.jsonl"));

        var agreed = RoleEvaluation.Score(dev, a => a.Labels.Select(l => (int)l).ToArray(), 0.6);

        // 1,063 of dev's 2,026 sentences reach 0.6; every test sentence does (the split's lowest agreement is 0.6)
        Assert.Equal(1063, agreed.Sentences);
        Assert.Equal(2026, RoleEvaluation.Score(dev, a => a.Labels.Select(l => (int)l).ToArray()).Sentences);
        Assert.Equal(test.Sum(a => a.Labels.Count), RoleEvaluation.Score(test, a => a.Labels.Select(l => (int)l).ToArray(), 0.6).Sentences);
        // And a predictor is scored only where the annotators agreed: always "background" scores that part's share of it
        var agreedBackground = dev.Sum(a => a.Labels.Where((l, t) => a.Agreement![t] >= 0.6 && l == SentenceRole.Background).Count());
        Assert.Equal((double)agreedBackground / 1063, RoleEvaluation.Score(dev, a => new int[a.Labels.Count], 0.6).Accuracy, 6);
    }

    [Fact]
    public void Agreement_weighting_changes_training_only_when_asked_and_only_where_agreement_is_known()
    {
        var slice = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "train.jsonl")).Take(60).ToList();
        var withoutAgreement = slice.Select(a => a with { Agreement = null }).ToList();
        var options = new RoleTrainingOptions { Bits = 12, Epochs = 1 };

        var plain = Bytes(RoleCrfTrainer.Train(slice, options));
        var weighted = Bytes(RoleCrfTrainer.Train(slice, options with { AgreementPower = 2 }));
        var weightedButUnknown = Bytes(RoleCrfTrainer.Train(withoutAgreement, options with { AgreementPower = 2 }));

        Assert.NotEqual(plain, weighted);
        Assert.Equal(plain, weightedButUnknown);
    }

    [Fact]
    public void A_version_1_model_file_still_reads_as_a_crf_without_a_network()
    {
        // Given a file in the first format: magic, version 1, 8 hash bits, 5 labels, transitions, one weight row
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZLibStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        using (var w = new BinaryWriter(zip))
        {
            w.Write("DPRM"u8);
            w.Write(1);
            w.Write(8);
            w.Write(RoleModel.Labels);
            for (var i = 0; i < RoleModel.TransitionCount; i++) w.Write(0f);
            w.Write(1);
            w.Write7BitEncodedInt(4); // row 3
            foreach (var x in new[] { 0.5f, -1f, 2f, 0f, 0.25f }) w.Write((Half)x);
        }
        var path = Path.Combine(TestPaths.NewTempFolder(), "v1.bin");
        File.WriteAllBytes(path, buffer.ToArray());

        var loaded = TrainedRoleClassifier.Load(path);

        Assert.Null(loaded.Model.Net);
        Assert.StartsWith("csabstruct-crf-v1+", loaded.ModelName, StringComparison.Ordinal);
        Assert.Equal([0.5f, -1f, 2f, 0f, 0.25f], loaded.Model.Weights.AsSpan(3 * RoleModel.Labels, RoleModel.Labels).ToArray());
    }

    [Fact]
    public void A_damaged_network_section_is_named_and_never_asks_for_gigabytes()
    {
        // Given a small model with a network, truncated inside its word vectors, and one whose vector count is huge
        var slice = CsAbstruct.Read(Path.Combine(CsAbstructFolder, "train.jsonl")).Take(10).ToList();
        var words = slice.SelectMany(a => a.Sentences).SelectMany(RoleFeaturizer.Tokenize).Distinct().Order(StringComparer.Ordinal).ToList();
        var vectors = WordVectors.FromWinkGlove(WinkGloveFixture.Write(TestPaths.NewTempFolder(), words), words.Count, _ => false);
        var model = RoleCrfTrainer.Train(slice, new RoleTrainingOptions { Bits = 10, Epochs = 1, Hidden = 4 }, vectors);
        var raw = Inflate(Bytes(model));
        var netStart = raw.Length - (4 + 4 + vectors.Words.Sum(w => 1 + System.Text.Encoding.UTF8.GetByteCount(w) + 2 + 8) + 4 + 4 * (4 * 40 + 4 + 5 * 4));
        var folder = TestPaths.NewTempFolder();
        var truncated = Path.Combine(folder, "cut.bin");
        File.WriteAllBytes(truncated, Deflate(raw[..(netStart + 30)]));
        var huge = (byte[])raw.Clone();
        BitConverter.GetBytes(int.MaxValue).CopyTo(huge, netStart + 4); // the word count, after the dimensions
        var hugePath = Path.Combine(folder, "huge.bin");
        File.WriteAllBytes(hugePath, Deflate(huge));
        var trailing = Path.Combine(folder, "trailing.bin");
        File.WriteAllBytes(trailing, Deflate([.. raw, 1, 2, 3]));

        // Then each is rejected with its name and what is wrong, and the intact bytes still load
        Assert.NotNull(TrainedRoleClassifier.FromBytes(Deflate(raw), "intact").Model.Net);
        Assert.Contains("cut.bin' is truncated", Assert.Throws<InvalidDataException>(() => TrainedRoleClassifier.Load(truncated)).Message, StringComparison.Ordinal);
        var tooMany = Assert.Throws<InvalidDataException>(() => TrainedRoleClassifier.Load(hugePath));
        Assert.Contains("huge.bin' claims 2147483647 word vectors of 8 dimensions", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("trailing.bin' has data after its end", Assert.Throws<InvalidDataException>(() => TrainedRoleClassifier.Load(trailing)).Message, StringComparison.Ordinal);
    }

    private static byte[] Inflate(byte[] compressed)
    {
        using var zip = new System.IO.Compression.ZLibStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        zip.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Deflate(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZLibStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) zip.Write(raw);
        return output.ToArray();
    }

    private static double[] Flatten(double[,] scores) => [.. scores.Cast<double>()];

    private static byte[] Bytes(RoleModel model) => RoleModelTests.Bytes(model);
}
