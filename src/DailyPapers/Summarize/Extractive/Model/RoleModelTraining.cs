namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>What <c>train-roles</c> measured: the model and the baselines on dev and test.</summary>
internal sealed record RoleTrainingReport(
    int TrainAbstracts, int TrainSentences, long ModelBytes, int WordVectors, string VectorSource,
    RoleScores Dev, RoleScores Test, RoleScores DevAgreed,
    RoleScores MajorityDev, RoleScores MajorityTest,
    RoleScores BowDev, RoleScores BowTest,
    RoleScores BowPositionDev, RoleScores BowPositionTest);

/// <summary>Trains on <c>train.jsonl</c>, writes the model, and scores it and the baselines on <c>dev.jsonl</c> and <c>test.jsonl</c>.</summary>
internal static class RoleModelTraining
{
    /// <summary>
    /// The lowest annotator agreement of any test sentence: dev sentences at or above it are the part of dev that
    /// resembles test (dev, like train, also holds sentences the annotators disagreed on).
    /// </summary>
    public const double AgreedDev = 0.6;

    /// <summary>Most frequent GloVe words kept besides the training vocabulary, when vectors are used.</summary>
    public const int DefaultTopWords = 20000;

    /// <summary>
    /// Trains and scores. Word vectors come from <paramref name="glovePath"/> when given (the 20,000 most frequent
    /// words plus the training vocabulary), else, with <paramref name="useVectors"/>, from the shipped model, which
    /// holds exactly that selection, so the shipped file is reproduced without the GloVe download.
    /// </summary>
    public static RoleTrainingReport Run(string dataFolder, string outPath, RoleTrainingOptions options, string? glovePath = null, bool useVectors = true, int topWords = DefaultTopWords)
    {
        if (!Directory.Exists(dataFolder)) throw new DirectoryNotFoundException($"CSAbstruct folder '{dataFolder}' does not exist");
        var train = CsAbstruct.Read(Path.Combine(dataFolder, "train.jsonl"));
        var dev = CsAbstruct.Read(Path.Combine(dataFolder, "dev.jsonl"));
        var test = CsAbstruct.Read(Path.Combine(dataFolder, "test.jsonl"));

        WordVectors? vectors = null;
        var vectorSource = "none";
        if (glovePath is not null)
        {
            // Keep the common words and every word of the training split; dev and test words get no say.
            var trainWords = train.SelectMany(a => a.Sentences).SelectMany(RoleFeaturizer.Tokenize).ToHashSet(StringComparer.Ordinal);
            vectors = WordVectors.FromWinkGlove(glovePath, topWords, trainWords.Contains);
            vectorSource = $"GloVe from '{glovePath}' (the {topWords:N0} most frequent words + the training vocabulary)";
        }
        else if (useVectors && TrainedRoleClassifier.Default.Model.Net is { } shipped)
        {
            vectors = shipped.Vectors;
            vectorSource = "the shipped model's GloVe subset (pass --glove to rebuild it from GloVe)";
        }
        var trained = RoleCrfTrainer.Train(train, options, vectors);
        var folder = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        Directory.CreateDirectory(folder);
        var temp = outPath + ".tmp";
        using (var file = File.Create(temp)) RoleModelFile.Write(trained, file);
        File.Move(temp, outPath, overwrite: true);
        // Score what was written, read back through the same path the app uses.
        var model = TrainedRoleClassifier.Load(outPath).Model;

        var majority = NaiveBayesBaseline.Majority(train);
        var bow = new NaiveBayesBaseline(train, withPosition: false);
        var bowPosition = new NaiveBayesBaseline(train, withPosition: true);
        RoleScores Majority(IReadOnlyList<LabeledAbstract> d) => RoleEvaluation.Score(d, a => Enumerable.Repeat(majority, a.Labels.Count).ToArray());
        return new RoleTrainingReport(
            train.Count, train.Sum(a => a.Sentences.Count), new FileInfo(outPath).Length, vectors?.Count ?? 0, vectorSource,
            RoleEvaluation.Score(dev, model), RoleEvaluation.Score(test, model), RoleEvaluation.Score(dev, model, AgreedDev),
            Majority(dev), Majority(test),
            RoleEvaluation.Score(dev, a => bow.Predict(a.Sentences)), RoleEvaluation.Score(test, a => bow.Predict(a.Sentences)),
            RoleEvaluation.Score(dev, a => bowPosition.Predict(a.Sentences)), RoleEvaluation.Score(test, a => bowPosition.Predict(a.Sentences)));
    }
}
