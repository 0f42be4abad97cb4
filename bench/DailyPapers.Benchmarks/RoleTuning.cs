using System.Diagnostics;
using System.Globalization;
using DailyPapers.Summarize.Extractive.Model;

namespace DailyPapers.Benchmarks;

/// <summary>
/// Dev-only tuning of the role model: trains one model per "name=value,..." argument and prints its CSAbstruct dev
/// accuracy and macro-F1. It never reads test.jsonl, so choices made with it leave the test split unseen.
/// </summary>
internal static class RoleTuning
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: roles-dev CSABSTRUCT_DIR GLOVE_JSON|shipped|none [option=value,...]...   (ROLES_CONFUSION=1 prints the confusion matrix)");
            return 2;
        }
        var train = CsAbstruct.Read(Path.Combine(args[0], "train.jsonl"));
        var dev = CsAbstruct.Read(Path.Combine(args[0], "dev.jsonl"));
        WordVectors? vectors = null;
        if (args[1] == "shipped")
        {
            vectors = TrainedRoleClassifier.Default.Model.Net?.Vectors;
        }
        else if (args[1] != "none")
        {
            var words = train.SelectMany(a => a.Sentences).SelectMany(RoleFeaturizer.Tokenize).ToHashSet(StringComparer.Ordinal);
            vectors = WordVectors.FromWinkGlove(args[1], RoleModelTraining.DefaultTopWords, words.Contains);
            Console.WriteLine($"{vectors.Count} word vectors");
        }
        float[][][]? trainEmbeddings = null, devEmbeddings = null;
        foreach (var spec in args.Length > 2 ? args[2..] : [""])
        {
            var options = new RoleTrainingOptions();
            var useVectors = vectors;
            var members = 1;
            var minilm = false;
            var scale = 1f;
            foreach (var pair in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                if (parts.Length != 2) throw new ArgumentException($"'{pair}' is not name=value");
                var (name, value) = (parts[0], parts[1]);
                switch (name)
                {
                    case "vectors": useVectors = value == "off" ? null : vectors; break;
                    case "ensemble": members = Int(value); break;
                    case "epochs": options = options with { Epochs = Int(value) }; break;
                    case "lr": options = options with { LearningRate = Double(value) }; break;
                    case "l2": options = options with { L2 = Double(value) }; break;
                    case "hidden": options = options with { Hidden = Int(value) }; break;
                    case "netlr": options = options with { NetLearningRate = Double(value) }; break;
                    case "netl2": options = options with { NetL2 = Double(value) }; break;
                    case "agree": options = options with { AgreementPower = Double(value) }; break;
                    case "seed": options = options with { Seed = Int(value) }; break;
                    case "minilm": minilm = value == "on"; break;
                    case "mscale": scale = (float)Double(value); break;
                    default: throw new ArgumentException($"unknown option '{name}' (vectors, ensemble, epochs, lr, l2, hidden, netlr, netl2, agree, seed, minilm, mscale)");
                }
            }
            var clock = Stopwatch.StartNew();
            if (minilm)
            {
                // MiniLM sentence embeddings from the roles-embed cache (never test's), scaled so their values are of
                // the word vectors' order.
                trainEmbeddings ??= SentenceEmbeddingCache.Read(SentenceEmbeddingCache.DefaultPath, "train");
                devEmbeddings ??= SentenceEmbeddingCache.Read(SentenceEmbeddingCache.DefaultPath, "dev");
                var trainScaled = Scaled(trainEmbeddings, scale);
                var devScaled = Scaled(devEmbeddings, scale);
                var withEmbeddings = RoleCrfTrainer.Train(train, options, useVectors, trainScaled);
                var byAbstract = new Dictionary<LabeledAbstract, float[][]>(ReferenceEqualityComparer.Instance);
                for (var k = 0; k < dev.Count; k++) byAbstract[dev[k]] = devScaled[k];
                IReadOnlyList<int> Predict(LabeledAbstract a) => withEmbeddings.Viterbi(withEmbeddings.Scores(RoleFeaturizer.Tokenize(a.Sentences), byAbstract[a]));
                var all = RoleEvaluation.Score(dev, Predict);
                var agreedOnly = RoleEvaluation.Score(dev, Predict, 0.6);
                Console.WriteLine($"{spec,-36} dev {all.Accuracy:0.0000}/{all.MacroF1:0.0000}  dev agreement>=0.6 {agreedOnly.Accuracy:0.0000}/{agreedOnly.MacroF1:0.0000} ({agreedOnly.Sentences})  [{clock.Elapsed.TotalSeconds:0} s]");
                continue;
            }
            var model = RoleCrfTrainer.Train(train, options, useVectors);
            if (members > 1)
            {
                var all = Enumerable.Range(0, members).Select(i => i == 0 ? model : RoleCrfTrainer.Train(train, options with { Seed = options.Seed + 1000 * i }, useVectors)).ToList();
                RoleScores Ens(double min) => RoleEvaluation.Score(dev, a =>
                {
                    var tokens = RoleFeaturizer.Tokenize(a.Sentences);
                    var sum = new double[a.Sentences.Count, RoleModel.Labels];
                    foreach (var mm in all)
                    {
                        var e = mm.Scores(tokens);
                        for (var t = 0; t < a.Sentences.Count; t++) for (var y = 0; y < RoleModel.Labels; y++) sum[t, y] += e[t, y] / members;
                    }
                    return model.Viterbi(sum);
                }, min);
                var ea = Ens(0); var eb = Ens(0.6);
                Console.WriteLine($"  ensemble of {members} (first model's transitions): dev {ea.Accuracy:0.0000}/{ea.MacroF1:0.0000}  agreement>=0.6 {eb.Accuracy:0.0000}/{eb.MacroF1:0.0000}");
            }
            var scores = RoleEvaluation.Score(dev, model);
            var agreed = RoleEvaluation.Score(dev, model, 0.6);
            if (Environment.GetEnvironmentVariable("ROLES_CONFUSION") == "1") PrintConfusion(dev, model);
            Console.WriteLine($"{(spec.Length == 0 ? "defaults" : spec),-36} dev {scores.Accuracy:0.0000}/{scores.MacroF1:0.0000}  dev agreement>=0.6 {agreed.Accuracy:0.0000}/{agreed.MacroF1:0.0000} ({agreed.Sentences})  [{clock.Elapsed.TotalSeconds:0} s]");
        }
        return 0;
    }

    private static float[][][] Scaled(float[][][] embeddings, float scale) =>
        [.. embeddings.Select(a => a.Select(v => v.Select(x => x * scale).ToArray()).ToArray())];

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static double Double(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    private static void PrintConfusion(IReadOnlyList<LabeledAbstract> dev, RoleModel model)
    {
        var m = new int[5, 5];
        foreach (var a in dev)
        {
            var p = model.Predict(a.Sentences).Labels;
            for (var t = 0; t < p.Length; t++) if (a.Agreement![t] >= 0.6) m[(int)a.Labels[t], p[t]]++;
        }
        Console.WriteLine("gold\\guess  back  obj  meth  res  other");
        for (var g = 0; g < 5; g++) Console.WriteLine($"{(SentenceRoleName)g,-10} {m[g, 0],5} {m[g, 1],5} {m[g, 2],5} {m[g, 3],5} {m[g, 4],5}");
    }

    private enum SentenceRoleName { Background, Objective, Method, Result, Other }
}
