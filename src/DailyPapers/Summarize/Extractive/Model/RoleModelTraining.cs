namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>What <c>train-roles</c> measured: the model and the baselines on dev and test.</summary>
internal sealed record RoleTrainingReport(
    int TrainAbstracts, int TrainSentences, long ModelBytes,
    RoleScores Dev, RoleScores Test,
    RoleScores MajorityDev, RoleScores MajorityTest,
    RoleScores BowDev, RoleScores BowTest,
    RoleScores BowPositionDev, RoleScores BowPositionTest);

/// <summary>Trains on <c>train.jsonl</c>, writes the model, and scores it and the baselines on <c>dev.jsonl</c> and <c>test.jsonl</c>.</summary>
internal static class RoleModelTraining
{
    public static RoleTrainingReport Run(string dataFolder, string outPath, RoleTrainingOptions options)
    {
        if (!Directory.Exists(dataFolder)) throw new DirectoryNotFoundException($"CSAbstruct folder '{dataFolder}' does not exist");
        var train = CsAbstruct.Read(Path.Combine(dataFolder, "train.jsonl"));
        var dev = CsAbstruct.Read(Path.Combine(dataFolder, "dev.jsonl"));
        var test = CsAbstruct.Read(Path.Combine(dataFolder, "test.jsonl"));

        var trained = RoleCrfTrainer.Train(train, options);
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
            train.Count, train.Sum(a => a.Sentences.Count), new FileInfo(outPath).Length,
            RoleEvaluation.Score(dev, model), RoleEvaluation.Score(test, model),
            Majority(dev), Majority(test),
            RoleEvaluation.Score(dev, a => bow.Predict(a.Sentences)), RoleEvaluation.Score(test, a => bow.Predict(a.Sentences)),
            RoleEvaluation.Score(dev, a => bowPosition.Predict(a.Sentences)), RoleEvaluation.Score(test, a => bowPosition.Predict(a.Sentences)));
    }
}
