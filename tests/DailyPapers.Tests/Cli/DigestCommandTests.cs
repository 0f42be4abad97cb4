using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Cli;

public sealed class DigestCommandTests
{
    private static string NewStorePath() => Path.Combine(TestPaths.NewTempFolder(), "store.db");

    [Fact]
    public async Task The_readme_command_prints_the_sample_day_and_a_rerun_keeps_eight_entries()
    {
        // The real program, end to end (console encoding, environment, exit code), then the same command in process
        var store = NewStorePath();

        var first = await CliRunner.RunProcessAsync(new Dictionary<string, string> { ["DAILYPAPERS__STORE__PATH"] = store }, "digest", "--date", "2024-08-15");
        var second = await CliRunner.RunAsync(store, "digest", "--date", "2024-08-15");

        Assert.Equal(0, first.ExitCode);
        Assert.StartsWith("## Daily Papers (2024-08-15)\n", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(8, first.Stdout.Split('\n').Count(l => l.StartsWith("### [", StringComparison.Ordinal)));
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("8 reused from the store", second.Stderr, StringComparison.Ordinal);
        // The re-run reads the day back from the store and still knows it is the offline snapshot: nothing reaches for arXiv
        Assert.Contains("[enrich 0/0] skipped for the bundled offline sample", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("[summarize", first.Stdout, StringComparison.Ordinal); // progress stays on stderr
        using var c = new SqliteConnection($"Data Source={store};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM daily_entries WHERE date = '2024-08-15'";
        Assert.Equal(8L, (long)cmd.ExecuteScalar()!);
    }

    [Fact]
    public async Task Writing_to_a_file_twice_leaves_one_block_for_the_day()
    {
        var folder = TestPaths.NewTempFolder();
        var output = Path.Combine(folder, "digest.md");

        await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "digest", "--date", "2024-08-15", "--out", output);
        var rerun = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "digest", "--date", "2024-08-15", "--out", output);

        Assert.Equal(0, rerun.ExitCode);
        var text = await File.ReadAllTextAsync(output);
        Assert.Equal(1, text.Split("## Daily Papers (2024-08-15)").Length - 1);
        Assert.Equal(8, text.Split('\n').Count(l => l.StartsWith("### [", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--date", "2024-13-45", "--date '2024-13-45' is not a date")]
    [InlineData("--date", "2024-08-17", "2024-08-17 is not in the bundled sample")]
    [InlineData("--source", "/no/such/file.json", "source '/no/such/file.json' does not exist")]
    [InlineData("--lang", "ko,e$", "'e$' is not a BCP-47 language code")]
    [InlineData("--summarizer", "gpt9", "unknown summarizer 'gpt9'")]
    [InlineData("--lang", "xx", "'xx' is not a known language")]
    [InlineData("--date", "2030-01-01", "--date 2030-01-01 is in the future")]
    [InlineData("--out", "/no/such/folder/digest.md", "--out '/no/such/folder/digest.md': the folder '/no/such/folder' does not exist")]
    public async Task Bad_input_gets_one_clear_line_and_no_stack_trace(string option, string value, string expected)
    {
        var args = option == "--date" ? new[] { "digest", option, value } : ["digest", "--date", "2024-08-15", option, value];

        var result = await CliRunner.RunAsync(NewStorePath(), args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: " + expected, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Without_a_date_a_malformed_newest_file_is_named_and_passed_over_for_the_previous_day()
    {
        var folder = TestPaths.NewTempFolder();
        File.Copy(Path.Combine(TestPaths.HfRaw2024, "2024-08-15.json"), Path.Combine(folder, "2024-08-15.json"));
        await File.WriteAllTextAsync(Path.Combine(folder, "2024-08-16.json"), "[{\"paper\": ");

        var result = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "digest", "--source", folder);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("passed over", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("2024-08-16.json", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("no --date given: 2024-08-15", result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("## Daily Papers (2024-08-15)\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_source_file_names_the_file_and_what_is_wrong()
    {
        var folder = TestPaths.NewTempFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "2024-08-15.json"), "[{\"paper\": ");

        var result = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "digest", "--source", folder, "--date", "2024-08-15");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("2024-08-15.json", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("malformed JSON", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repr_day_from_the_archive_fails_clearly_and_a_partly_bad_day_exits_non_zero_naming_the_records()
    {
        var folder = TestPaths.NewTempFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "2024-08-15.json"),
            "[{\"paper\": {\"id\": \"2408.00001\", \"title\": \"Fine\", \"summary\": \"We propose a thing. It beats baselines by 5%.\", \"upvotes\": 2}}, \"{'paper': {'id': '2408.1'}}\"]");

        var repr = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "digest", "--source", Path.Combine(TestPaths.HfRaw2024, "2024-12-11.json"));
        var partial = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "digest", "--source", folder);

        Assert.Equal(2, repr.ExitCode);
        Assert.Contains("no readable paper for 2024-12-11", repr.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, partial.ExitCode);
        Assert.Contains("### [Fine]", partial.Stdout, StringComparison.Ordinal);
        Assert.Contains("UNREADABLE", partial.Stderr, StringComparison.Ordinal);
        Assert.Contains("record 1: a string holding a Python repr()", partial.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("digest --date 2024-08-15 --bogus", "Unrecognized command or argument '--bogus'")]
    [InlineData("digest --date", "Required argument missing for option: '--date'")]
    [InlineData("digestt", "Unrecognized command or argument 'digestt'")]
    [InlineData("fetch --store", "Required argument missing for option: '--store'")]
    public async Task Usage_errors_exit_2_with_the_parser_message(string commandLine, string expected)
    {
        var result = await CliRunner.RunAsync(NewStorePath(), commandLine.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: " + expected, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Invalid_settings_stop_before_any_work_in_one_line_naming_the_keys_and_never_echoing_a_url()
    {
        // Given a budget cap without prices and an endpoint that is a pasted key, not a URL
        const string pasted = "sk-pasted-into-the-wrong-key-123";
        var settings = new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = NewStorePath(),
            ["DailyPapers:Llm:BudgetCap"] = "2",
            ["DailyPapers:Llm:Endpoint"] = pasted,
        };

        // When the day is digested
        var result = await CliRunner.RunAsync(settings, "digest", "--date", "2024-08-15");

        // Then one error line names both problems by key, with exit 2, and nothing was summarized
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: invalid settings: ", line, StringComparison.Ordinal);
        Assert.Contains("DailyPapers:Llm:BudgetCap is set but DailyPapers:Llm:InputPricePerMillionTokens and DailyPapers:Llm:OutputPricePerMillionTokens are not both set", line, StringComparison.Ordinal);
        Assert.Contains("DailyPapers:Llm:Endpoint is not an absolute http(s) URL", line, StringComparison.Ordinal);
        Assert.DoesNotContain(pasted, result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Every_command_has_help()
    {
        var result = await CliRunner.RunAsync(NewStorePath(), "digest", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--date", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--summarizer", result.Stdout, StringComparison.Ordinal);
    }
}
