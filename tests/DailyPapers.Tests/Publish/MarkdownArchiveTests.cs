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
