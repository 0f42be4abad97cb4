using DailyPapers.Publish.Markdown;

namespace DailyPapers.Tests.Publish;

public sealed class MarkdownArchiveTests
{
    private static readonly DateOnly Aug15 = new(2024, 8, 15);
    private static readonly DateOnly Aug16 = new(2024, 8, 16);

    private static string Block(DateOnly d, string body) => $"{MarkdownPublisher.Heading(d)}\n\n{body}\n\n";

    [Fact]
    public void Rewriting_a_day_replaces_its_block_instead_of_appending_a_second()
    {
        var once = MarkdownArchive.Merge("", Aug15, Block(Aug15, "first"));

        var twice = MarkdownArchive.Merge(once, Aug15, Block(Aug15, "second"));

        Assert.Equal(Block(Aug15, "second"), twice);
    }

    [Fact]
    public void Other_days_and_the_preamble_are_kept_newest_first()
    {
        var file = "# My papers\n\n" + Block(Aug15, "old 15");

        var merged = MarkdownArchive.Merge(file, Aug16, Block(Aug16, "new 16"));

        Assert.Equal("# My papers\n\n" + Block(Aug16, "new 16") + Block(Aug15, "old 15"), merged);
    }

    [Fact]
    public void A_file_the_old_script_wrote_twice_collapses_to_one_block()
    {
        var doubled = Block(Aug15, "run 1") + Block(Aug15, "run 2");

        var merged = MarkdownArchive.Merge(doubled, Aug15, Block(Aug15, "run 3"));

        Assert.Equal(1, merged.Split("## Daily Papers (2024-08-15)").Length - 1);
        Assert.Contains("run 3", merged, StringComparison.Ordinal);
    }
}

public sealed class MarkdownInjectionTests
{
    [Fact]
    public void A_summary_that_writes_a_day_heading_cannot_split_or_replace_a_day_in_an_archive()
    {
        // Given a model reply that tries to open another day's block, add a fake paper and a script link
        var entry = Fixtures.Entry("2408.00001", "Real paper");
        var summary = new DailyPapers.Papers.Summary
        {
            ArxivId = "2408.00001", Language = "en", Origin = new DailyPapers.Papers.SummaryOrigin("test", "m", "p"),
            Sections = [new DailyPapers.Papers.SummarySection(DailyPapers.Papers.SectionNames.WhatsNew,
                "Fine.\n## Daily Papers (2020-01-01)\n  ### [Fake](https://arxiv.org/abs/2001.00001)\n[click](javascript:alert(1)) and [ok](https://github.com/a/b)")],
        };
        var day = new DateOnly(2024, 8, 15);
        var archive = MarkdownPublisher.Heading(new DateOnly(2020, 1, 1)) + "\n\nkept 2020 block\n\n";

        // When it is rendered and merged into an archive that holds 2020-01-01
        var block = MarkdownPublisher.Render(new DailyPapers.Publish.Digest(day, "en", [new DailyPapers.Publish.DigestItem(entry, summary)]));
        var merged = MarkdownArchive.Merge(archive, day, block);

        // Then the heading lines are escaped, the script link is inert, the http link stays, and 2020-01-01 is intact
        Assert.Contains("\n\\## Daily Papers (2020-01-01)\n  \\### [Fake]", block, StringComparison.Ordinal);
        Assert.Contains("[click]\\(javascript:alert(1))", block, StringComparison.Ordinal);
        Assert.Contains("[ok](https://github.com/a/b)", block, StringComparison.Ordinal);
        Assert.Contains("kept 2020 block", merged, StringComparison.Ordinal);
        Assert.Equal(2, merged.Split('\n').Count(l => l.StartsWith("## Daily Papers (", StringComparison.Ordinal)));
    }
}
