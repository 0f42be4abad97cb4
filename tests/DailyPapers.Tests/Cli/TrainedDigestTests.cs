namespace DailyPapers.Tests.Cli;

public sealed class TrainedDigestTests
{
    [Fact]
    public async Task The_readme_command_summarizes_the_sample_day_with_the_trained_role_model()
    {
        // Given a fresh store
        var store = Path.Combine(TestPaths.NewTempFolder(), "store.db");

        // When the README's main command runs
        var result = await CliRunner.RunAsync(store, "digest", "--date", "2024-08-15");

        // Then it names the trained model and prints the pinned digest
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("(csabstruct-crf-v2+", result.Stderr, StringComparison.Ordinal);
        Golden.Verify("digest-2024-08-15.md", result.Stdout);
    }

    [Fact]
    public async Task Train_roles_retrains_the_model_and_prints_the_figures_beside_the_baselines()
    {
        // Given a small CSAbstruct slice
        var folder = TestPaths.NewTempFolder();
        var source = Path.Combine(TestPaths.SharedData, "csabstruct");
        foreach (var (name, count) in new[] { ("train", 150), ("dev", 40), ("test", 40) })
            await File.WriteAllLinesAsync(Path.Combine(folder, name + ".jsonl"), File.ReadLines(Path.Combine(source, name + ".jsonl")).Take(count));
        var model = Path.Combine(folder, "out", "roles.bin");

        // When train-roles runs on it twice
        var first = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "train-roles", "--data", folder, "--out", model, "--epochs", "2");
        var bytes = await File.ReadAllBytesAsync(model);
        var second = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "train-roles", "--data", folder, "--out", model, "--epochs", "2");

        // Then it reports the model (with the shipped model's word vectors) and every baseline on dev and test, and
        // the model file is reproduced exactly
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("trained on 150 abstracts", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("word-vector network: 25,285 word vectors from the shipped model's GloVe subset", first.Stdout, StringComparison.Ordinal);
        foreach (var row in new[] { "| majority class |", "| bag-of-words Naive Bayes |", "| bag-of-words + position Naive Bayes |", "| CRF + word vectors (this model) |" })
            Assert.Contains(row, first.Stdout, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(model));
    }

    [Fact]
    public async Task Train_roles_without_vectors_trains_the_crf_alone_and_refuses_contradictory_options()
    {
        var folder = TestPaths.NewTempFolder();
        var source = Path.Combine(TestPaths.SharedData, "csabstruct");
        foreach (var name in new[] { "train", "dev", "test" })
            await File.WriteAllLinesAsync(Path.Combine(folder, name + ".jsonl"), File.ReadLines(Path.Combine(source, name + ".jsonl")).Take(30));
        var model = Path.Combine(folder, "crf.bin");

        var plain = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "train-roles", "--data", folder, "--out", model, "--epochs", "1", "--no-vectors");
        var both = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "train-roles", "--data", folder, "--out", Path.Combine(folder, "x.bin"), "--no-vectors", "--glove", "wink.json");

        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("no word-vector network (--no-vectors)", plain.Stdout, StringComparison.Ordinal);
        Assert.Contains("| CRF (this model) |", plain.Stdout, StringComparison.Ordinal);
        Assert.Null(DailyPapers.Summarize.Extractive.Model.TrainedRoleClassifier.Load(model).Model.Net);
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("error: --glove and --no-vectors exclude each other", both.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_roles_with_word_vectors_adds_the_network_and_still_reproduces_the_file()
    {
        // Given a small CSAbstruct slice and a vector file in the npm package's layout
        var folder = TestPaths.NewTempFolder();
        var source = Path.Combine(TestPaths.SharedData, "csabstruct");
        foreach (var (name, count) in new[] { ("train", 100), ("dev", 30), ("test", 30) })
            await File.WriteAllLinesAsync(Path.Combine(folder, name + ".jsonl"), File.ReadLines(Path.Combine(source, name + ".jsonl")).Take(count));
        string[] words = ["the", "we", "propose", "method", "results", "show", "paper", "model", "0", "data"];
        var glove = Summarize.WinkGloveFixture.Write(folder, words);
        var model = Path.Combine(folder, "roles.bin");
        string[] args = ["train-roles", "--data", folder, "--out", model, "--epochs", "1", "--glove", glove, "--hidden", "4"];

        // When train-roles runs with it twice
        var first = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), args);
        var bytes = await File.ReadAllBytesAsync(model);
        var second = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), args);

        // Then it names the network, its row, the agreed part of dev, and writes the same bytes both times
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("word-vector network: ", first.Stdout, StringComparison.Ordinal);
        Assert.Contains(" 4 tanh units", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("| CRF + word vectors (this model) |", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("dev sentences whose annotators agreed >= 0.6", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(model));
    }

    [Fact]
    public async Task Train_roles_names_a_missing_or_unreadable_vector_file_and_writes_no_model()
    {
        var folder = TestPaths.NewTempFolder();
        var source = Path.Combine(TestPaths.SharedData, "csabstruct");
        foreach (var name in new[] { "train", "dev", "test" })
            await File.WriteAllLinesAsync(Path.Combine(folder, name + ".jsonl"), File.ReadLines(Path.Combine(source, name + ".jsonl")).Take(5));

        var notJson = Path.Combine(folder, "glove.6B.100d.txt");
        await File.WriteAllTextAsync(notJson, "the 0.418 0.24968 -0.41242\n");

        var missing = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "train-roles", "--data", folder, "--out", Path.Combine(folder, "m.bin"), "--glove", Path.Combine(folder, "wink.json"));
        var wrongFormat = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "train-roles", "--data", folder, "--out", Path.Combine(folder, "m.bin"), "--glove", notJson);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("wink.json' does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, wrongFormat.ExitCode);
        Assert.Contains("error: GloVe vectors file '", wrongFormat.Stderr, StringComparison.Ordinal);
        Assert.Contains("glove.6B.100d.txt' is not JSON", wrongFormat.Stderr, StringComparison.Ordinal);
        foreach (var result in new[] { missing, wrongFormat }) Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "m.bin")));
    }

    [Fact]
    public async Task Train_roles_names_a_missing_data_folder_in_one_line()
    {
        var folder = TestPaths.NewTempFolder();

        var result = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "train-roles", "--data", Path.Combine(folder, "none"), "--out", Path.Combine(folder, "m.bin"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: CSAbstruct folder '", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("' does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "m.bin")));
    }

    [Fact]
    public async Task Train_roles_has_help()
    {
        var result = await CliRunner.RunAsync(Path.Combine(TestPaths.NewTempFolder(), "s.db"), "train-roles", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--data", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--out", result.Stdout, StringComparison.Ordinal);
    }
}
