using System.Text.Json;

namespace DailyPapers.Tests.Cli;

public sealed class VerifyCommandTests
{
    private static string Reference => Path.Combine(TestPaths.SharedReference, "daily-papers-2024-08-15.md");
    private static string ReferenceDay => Path.Combine(TestPaths.HfRaw2024, "2024-08-15.json");
    private static string NewStorePath() => Path.Combine(TestPaths.NewTempFolder(), "store.db");

    [Fact]
    public async Task Terminal_escapes_in_a_digest_and_in_source_file_names_never_reach_the_terminal()
    {
        // Given a digest whose heading, section name and text carry ANSI escapes, and a source folder holding a stray file
        // whose name carries one, next to the real day file
        var folder = TestPaths.NewTempFolder();
        var source = Path.Combine(folder, "source");
        Directory.CreateDirectory(source);
        File.Copy(ReferenceDay, Path.Combine(source, "2024-08-15.json"));
        await File.WriteAllTextAsync(Path.Combine(source, "notes\u001b[2J.txt"), "x");
        var digest = Path.Combine(folder, "digest.md");
        var reference = await File.ReadAllTextAsync(Reference);
        await File.WriteAllTextAsync(digest, reference
            .Replace("- **What's New**:", "- **What's\u001b[31m New**: \u001b]0;owned\u0007", StringComparison.Ordinal)
            + "\n### [Broken \u001b[2J heading\n");

        // When it is verified in both formats
        var text = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "verify", digest, "--source", source);
        var json = await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "verify", digest, "--source", source, "--format", "json");

        // Then the run went through and no escape character reached stdout or stderr
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("notes", text.Stderr, StringComparison.Ordinal);
        foreach (var output in new[] { text.Stdout, text.Stderr, json.Stdout, json.Stderr })
        {
            Assert.DoesNotContain('\u001b', output);
            Assert.DoesNotContain('\u0007', output);
        }
    }

    [Fact]
    public async Task The_reference_digest_shows_its_two_defects_and_leaves_grounded_figures_alone()
    {
        var result = await CliRunner.RunAsync(NewStorePath(), "verify", Reference, "--source", ReferenceDay);

        Assert.Equal(1, result.ExitCode);
        var output = result.Stdout;
        Assert.Contains("DeepSpeak Dataset v1.0 (2408.05366, checked against the abstract)", output, StringComparison.Ordinal);
        // One defect, one finding: the repeated digit group is said once, with the source passages it came from.
        Assert.Contains("line 49: error ungrounded [What's New] \"34343434시간\": 34343434시간 is the digit group '34' repeated 4 times", output, StringComparison.Ordinal);
        Assert.Contains("source: \"The real videos in this first version of the dataset consist of 9 hours of footage from 220 diverse individuals.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("repetition", output, StringComparison.Ordinal);
        Assert.Contains("Aquila2 Technical Report (2408.07410", output, StringComparison.Ordinal);
        Assert.Contains("line 73: error scale-mismatch [What's New] \"7억에서 70억\"", output, StringComparison.Ordinal);
        Assert.Contains("source: \"This paper introduces the Aquila2 series, which comprises a wide range of bilingual models with parameter sizes of 7, 34, and 70 billion.\"", output, StringComparison.Ordinal);
        // Readable: an unchecked figure is "unverified" once, never "UNVERIFIED unverified".
        Assert.Contains("line 51: unverified [Performance Highlights] \"5958개\": 5958개 is not in the abstract", output, StringComparison.Ordinal);
        Assert.DoesNotContain("UNVERIFIED", output, StringComparison.Ordinal);
        // The numbered list under Technical Details is that section's text, not five unknown sections.
        Assert.DoesNotContain("schema", output, StringComparison.Ordinal);
        Assert.DoesNotContain("220명", output, StringComparison.Ordinal);
        Assert.DoesNotContain("4-bit", output, StringComparison.Ordinal);
        Assert.Contains("8 papers in ko: 2 errors (1 scale-mismatch, 1 ungrounded), 15 unchecked (15 unverified)", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" 0 ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_an_array_of_findings_with_paper_section_kind_text_and_source_passage()
    {
        var result = await CliRunner.RunAsync(NewStorePath(), "verify", Reference, "--source", TestPaths.HfRaw2024, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var rows = doc.RootElement.EnumerateArray().ToList();
        var kinds = rows.GroupBy(r => r.GetProperty("kind").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { ["ungrounded"] = 1, ["scale-mismatch"] = 1, ["unverified"] = 15 }, kinds);
        var scale = Assert.Single(rows, r => r.GetProperty("kind").GetString() == "scale-mismatch");
        Assert.Equal("2408.07410", scale.GetProperty("arxivId").GetString());
        Assert.Equal("What's New", scale.GetProperty("section").GetString());
        Assert.Equal("error", scale.GetProperty("severity").GetString());
        Assert.Equal("7억에서 70억", scale.GetProperty("text").GetString());
        Assert.Equal(73, scale.GetProperty("line").GetInt32());
        var ungrounded = Assert.Single(rows, r => r.GetProperty("kind").GetString() == "ungrounded");
        Assert.Equal(49, ungrounded.GetProperty("line").GetInt32());
        Assert.Contains("25 hours of footage", ungrounded.GetProperty("sourcePassage").GetString(), StringComparison.Ordinal);
        Assert.Contains("7, 34, and 70 billion", scale.GetProperty("sourcePassage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_digest_made_by_dailypapers_verifies_clean_with_exit_code_zero()
    {
        var folder = TestPaths.NewTempFolder();
        var digest = Path.Combine(folder, "digest.md");
        await CliRunner.RunAsync(Path.Combine(folder, "s.db"), "digest", "--date", "2024-08-15", "--out", digest);

        var result = await CliRunner.RunAsync(NewStorePath(), "verify", digest, "--source", Path.Combine(TestPaths.RepoRoot, "data", "2024-08-15.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("8 papers checked (en); 8 without findings.", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_source_the_store_is_used()
    {
        var store = NewStorePath();
        await CliRunner.RunAsync(store, "digest", "--date", "2024-08-15", "--source", ReferenceDay);

        var result = await CliRunner.RunAsync(store, "verify", Reference, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(17, JsonDocument.Parse(result.Stdout).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task In_a_source_folder_a_file_that_is_not_an_api_response_is_named_and_skipped_and_the_others_are_used()
    {
        var folder = TestPaths.NewTempFolder();
        // The day's responses under another date, the day's own file an HTML error page, and a stray JSON file.
        File.Copy(ReferenceDay, Path.Combine(folder, "2024-08-14.json"));
        await File.WriteAllTextAsync(Path.Combine(folder, "2024-08-15.json"), "<!doctype html><title>429 Too Many Requests</title>");
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.json"), "{}");

        var result = await CliRunner.RunAsync(NewStorePath(), "verify", Reference, "--source", folder);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"skipped '{Path.Combine(folder, "2024-08-15.json")}': not a Hugging Face API response (malformed JSON", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"skipped '{Path.Combine(folder, "notes.json")}': not a Hugging Face API response file", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("8 papers in ko: 2 errors (1 scale-mismatch, 1 ungrounded)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("line 73: error scale-mismatch [What's New] \"7억에서 70억\"", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-05-27")] // plain bullets
    [InlineData("2024-07-19")] // **Key**: with a curly apostrophe in one paper
    [InlineData("2024-10-18")] // ***Key***: bold italic
    public async Task Every_real_layout_is_read_with_exit_code_zero_or_one_and_no_paper_misses_a_required_section(string day)
    {
        var digest = Path.Combine(TestPaths.SharedData, "daily_papers_ko", day + ".md");

        var result = await CliRunner.RunAsync(NewStorePath(), "verify", digest, "--source", TestPaths.HfRaw2024, "--format", "json");

        Assert.InRange(result.ExitCode, 0, 1);
        using var doc = JsonDocument.Parse(result.Stdout);
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.DoesNotContain(rows, r => r.GetProperty("message").GetString()!.Contains("is missing", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.True(r.GetProperty("line").GetInt32() > 0));
        Assert.Contains("papers in ko:", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.md", "error: digest 'missing.md' does not exist")]
    [InlineData("empty.md", "holds no paper in the reference layout")]
    [InlineData("reference", "--format 'xml' is not supported")]
    [InlineData("nosource", "source '/no/such.json' does not exist")]
    [InlineData("otherday", "holds none of the 8 papers")]
    public async Task Bad_input_gets_one_clear_line_and_exit_code_two(string input, string expected)
    {
        var folder = TestPaths.NewTempFolder();
        var empty = Path.Combine(folder, "empty.md");
        await File.WriteAllTextAsync(empty, "# Notes\n\nnothing here\n");
        string[] args = input switch
        {
            "missing.md" => ["verify", "missing.md", "--source", ReferenceDay],
            "empty.md" => ["verify", empty, "--source", ReferenceDay],
            "reference" => ["verify", Reference, "--source", ReferenceDay, "--format", "xml"],
            "nosource" => ["verify", Reference, "--source", "/no/such.json"],
            _ => ["verify", Reference, "--source", Path.Combine(TestPaths.HfRaw2024, "2024-08-14.json")],
        };

        var result = await CliRunner.RunAsync(NewStorePath(), args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Equal("", result.Stdout);
    }
}
