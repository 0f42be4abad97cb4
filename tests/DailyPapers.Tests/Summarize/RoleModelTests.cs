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

        // Then it scores what train-roles reported (0.7917 accuracy, 0.7446 macro-F1), less a hair for rounding
        Assert.Equal(1349, scores.Sentences);
        Assert.True(scores.Accuracy >= 0.79, $"test accuracy {scores.Accuracy:0.0000}");
        Assert.True(scores.MacroF1 >= 0.74, $"test macro-F1 {scores.MacroF1:0.0000}");
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

    private static byte[] Bytes(RoleModel model)
    {
        using var stream = new MemoryStream();
        RoleModelFile.Write(model, stream);
        return stream.ToArray();
    }
}
