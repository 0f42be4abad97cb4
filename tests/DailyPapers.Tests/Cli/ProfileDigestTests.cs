using DailyPapers.Storage;

namespace DailyPapers.Tests.Cli;

public sealed class ProfileDigestTests
{
    [Fact]
    public async Task A_profile_digest_lists_papers_in_ranked_order_with_reasons_and_names_skipped_library_entries()
    {
        // Given a BibTeX library about audio generation (one entry broken, one title with markup) and a keyword
        var folder = TestPaths.NewTempFolder();
        var bib = Path.Combine(folder, "lib.bib");
        await File.WriteAllTextAsync(bib, """
            @article{vocoder, title = {HiFi-GAN: <b>Generative</b> Adversarial Networks for Efficient High Fidelity Speech Synthesis},
              abstract = {A GAN vocoder generates raw speech waveforms from mel-spectrograms.}, year = 2020}
            @article{nope, author = {Someone}}
            """);
        var settings = new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = Path.Combine(folder, "s.db"),
            ["DAILYPAPERS__PROFILES__AUDIO__LIBRARY"] = bib,
            ["DAILYPAPERS__PROFILES__AUDIO__KEYWORDS"] = "technical report",
        };

        // When the sample day is digested for the profile
        var result = await CliRunner.RunAsync(settings, "digest", "--date", "2024-08-15", "--profile", "audio");

        // Then it succeeds, the waveform paper comes first, close to the vocoder (its markup escaped), and the broken entry is named
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"dailypapers: profile 'audio': skipped {bib}: entry 'nope' (line 3): has no title", result.Stderr, StringComparison.Ordinal);
        var titles = result.Stdout.Split('\n').Where(l => l.StartsWith("### [", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, titles.Count);
        Assert.StartsWith("### [PeriodWave", titles[0], StringComparison.Ordinal);
        var lines = result.Stdout.Split('\n');
        var first = Array.FindIndex(lines, l => l.StartsWith("### [PeriodWave", StringComparison.Ordinal));
        Assert.Equal("*close to: HiFi-GAN: \\<b\\>Generative\\</b\\> Adversarial Networks for Efficient High Fidelity Speech Synthesis*", lines[first + 2]);
        // and the keyword's paper carries its reason
        var report = Array.FindIndex(lines, l => l.StartsWith("### [Aquila2", StringComparison.Ordinal));
        Assert.EndsWith("; keyword: technical report*", lines[report + 2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profile_with_nothing_usable_stops_the_digest_at_start_naming_it()
    {
        var folder = TestPaths.NewTempFolder();
        var store = Path.Combine(folder, "s.db");
        var settings = new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = store,
            ["DAILYPAPERS__PROFILES__EMPTY__LIBRARY"] = Path.Combine(folder, "missing.bib"),
        };

        var result = await CliRunner.RunAsync(settings, "digest", "--date", "2024-08-15", "--profile", "empty");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("profile 'empty' has nothing to rank by", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
        Assert.Empty(await new SqlitePaperStore(store).GetDatesAsync(CancellationToken.None)); // no run was made
    }
}
