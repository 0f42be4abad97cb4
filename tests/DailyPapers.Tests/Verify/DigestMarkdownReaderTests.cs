using DailyPapers.Papers;
using DailyPapers.Verify.Audit;

namespace DailyPapers.Tests.Verify;

public sealed class DigestMarkdownReaderTests
{
    [Fact]
    public void The_reference_digest_reads_as_eight_papers_with_their_sections_and_multi_line_bullets()
    {
        var path = Path.Combine(TestPaths.SharedReference, "daily-papers-2024-08-15.md");

        var entries = DigestMarkdownReader.Read(File.ReadAllText(path), path);

        Assert.Equal(8, entries.Count);
        Assert.All(entries, e => Assert.Equal(new DateOnly(2024, 8, 15), e.Date));
        var aquila = Assert.Single(entries, e => e.ArxivId == "2408.07410");
        Assert.Equal("Aquila2 Technical Report", aquila.Title);
        var details = Assert.Single(aquila.Sections, s => s.Name == SectionNames.TechnicalDetails).Text;
        Assert.StartsWith("Aquila2 시리즈는 다음과 같은 기술적 특징을", details, StringComparison.Ordinal);
        Assert.Contains("5. **DMU**", details, StringComparison.Ordinal);
        Assert.Equal(["What's New", "Technical Details", "Performance Highlights", "Code and Resources"],
            entries.Single(e => e.ArxivId == "2408.07547").Sections.Select(s => s.Name));
    }

    [Fact]
    public void Flag_blockquotes_and_thumbnails_are_not_summary_text()
    {
        const string md = "## Daily Papers (2024-08-15)\n\n### [A \\[B\\] title](https://arxiv.org/abs/2408.00001v2)\n\n![](https://x/y.png)\n\nVote: 1\n\n- **What's New**: 첫 줄\n이어지는 줄\n- **Technical Details**: 방법\n\n> **Verification flags**: ungrounded \"1\"\n";

        var entry = Assert.Single(DigestMarkdownReader.Read(md, "d.md"));

        Assert.Equal("2408.00001", entry.ArxivId);
        Assert.Equal("A [B] title", entry.Title);
        Assert.Equal("첫 줄\n이어지는 줄", entry.Sections[0].Text);
        Assert.Equal("방법", entry.Sections[1].Text);
    }

    [Fact]
    public void A_paper_heading_without_an_arxiv_link_is_reported_with_its_line()
    {
        var ex = Assert.Throws<FormatException>(() => DigestMarkdownReader.Read("## Daily Papers (2024-08-15)\n\n### [Title](https://example.com/x)\n", "d.md"));

        Assert.StartsWith("d.md:3: a paper heading without an arXiv link", ex.Message, StringComparison.Ordinal);
    }
}
