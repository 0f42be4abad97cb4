using System.CommandLine;
using DailyPapers.Summarize.Extractive.Model;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers train-roles</c>: retrains the sentence-role model on CSAbstruct and prints its figures.</summary>
internal static class TrainRolesCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "The CSAbstruct folder holding train.jsonl, dev.jsonl and test.jsonl.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the model file (the shipped one is data/csabstruct-roles.bin).", Required = true };
        var epochs = new Option<int?>("--epochs") { Description = "Training passes (default: the tuned value)." };
        var command = new Command("train-roles", "Train the offline summarizer's sentence-role model (a CRF over hashed features) deterministically, and print dev/test accuracy, macro-F1 and baselines.")
        {
            data, output, epochs,
        };
        command.SetAction((parse, ct) =>
        {
            var options = new RoleTrainingOptions();
            if (parse.GetValue(epochs) is { } e)
            {
                if (e < 1) throw new ArgumentException($"--epochs must be at least 1, got {e}");
                options = options with { Epochs = e };
            }
            ct.ThrowIfCancellationRequested();
            var report = RoleModelTraining.Run(parse.GetValue(data)!, parse.GetValue(output)!, options);
            Print(report, options, parse.GetValue(output)!);
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }

    private static void Print(RoleTrainingReport r, RoleTrainingOptions o, string outPath)
    {
        Console.WriteLine($"trained on {r.TrainAbstracts} abstracts / {r.TrainSentences} sentences: CRF, 2^{o.Bits} hashed features, {o.Epochs} epochs, AdaGrad lr {o.LearningRate}, L2 {o.L2}, seed {o.Seed}");
        Console.WriteLine($"wrote {outPath} ({r.ModelBytes:N0} bytes)");
        Console.WriteLine();
        Console.WriteLine("| model | dev accuracy | dev macro-F1 | test accuracy | test macro-F1 |");
        Console.WriteLine("|---|---|---|---|---|");
        Row("majority class", r.MajorityDev, r.MajorityTest);
        Row("bag-of-words Naive Bayes", r.BowDev, r.BowTest);
        Row("bag-of-words + position Naive Bayes", r.BowPositionDev, r.BowPositionTest);
        Row("CRF (this model)", r.Dev, r.Test);
    }

    private static void Row(string name, RoleScores dev, RoleScores test) =>
        Console.WriteLine($"| {name} | {dev.Accuracy:0.0000} | {dev.MacroF1:0.0000} | {test.Accuracy:0.0000} | {test.MacroF1:0.0000} |");
}
