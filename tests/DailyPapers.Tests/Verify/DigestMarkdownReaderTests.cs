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

    private static IReadOnlyList<DigestEntry> ReadDay(string day)
    {
        var path = Path.Combine(TestPaths.SharedData, "daily_papers_ko", day + ".md");
        return DigestMarkdownReader.Read(File.ReadAllText(path), path);
    }

    [Fact]
    public void The_bold_italic_layout_reads_the_three_sections_of_every_paper()
    {
        var entries = ReadDay("2024-10-18");

        Assert.Equal(9, entries.Count);
        Assert.All(entries, e => Assert.Subset(e.Sections.Select(s => s.Name).ToHashSet(), SectionNames.Required.ToHashSet()));
        Assert.All(entries, e => Assert.False(e.Unnamed));
    }

    [Fact]
    public void The_plain_bullet_layout_reads_each_bullet_as_an_unnamed_section_with_its_line()
    {
        var entries = ReadDay("2024-05-27");

        Assert.Equal(13, entries.Count);
        Assert.All(entries, e => Assert.True(e.Unnamed));
        var first = entries[0];
        Assert.Equal("bullet 1", first.Sections[0].Name);
        Assert.StartsWith("이 논문에서는", first.Sections[0].Text, StringComparison.Ordinal);
        Assert.Equal(first.Sections.Count, first.SectionLines.Count);
        Assert.True(first.SectionLines[0] > first.Line);
    }

    [Fact]
    public void A_curly_apostrophe_in_a_section_name_is_read_as_a_straight_one()
    {
        var path = Path.Combine(TestPaths.SharedData, "daily_papers_ko", "2024-07-19.md");
        var text = File.ReadAllText(path);
        Assert.Contains("**What\u2019s New**", text, StringComparison.Ordinal);

        var entries = DigestMarkdownReader.Read(text, path);

        Assert.All(entries, e => Assert.Contains(e.Sections, s => s.Name == SectionNames.WhatsNew));
    }

    [Fact]
    public void A_list_a_section_introduces_with_a_colon_stays_in_that_section()
    {
        var onevision = Assert.Single(ReadDay("2024-08-07"), e => e.ArxivId == "2408.03326");

        Assert.Equal(SectionNames.Required, onevision.Sections.Select(s => s.Name).Where(SectionNames.Required.Contains));
        Assert.DoesNotContain(onevision.Sections, s => s.Name is "LLM" or "프로젝터 (Projector)");
        Assert.Contains("- **프로젝터 (Projector)**: 2-layer MLP", onevision.Sections.Single(s => s.Name == SectionNames.TechnicalDetails).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Brackets_and_parentheses_in_a_title_are_part_of_the_title_and_an_unreadable_heading_does_not_stop_the_file()
    {
        const string md = "## Daily Papers (2024-08-16)\n\n"
            + "### [I Don't Know: Explicit Modeling of Uncertainty with an [IDK] Token](https://arxiv.org/abs/2412.06676)\n\n- **What's New**: 불확실성 토큰\n\n"
            + "### [Broken (no link) heading]\n\n- **What's New**: 읽히지 않음\n\n"
            + "### [Sapiens (Foundation) for Human Vision Models](https://arxiv.org/abs/2408.12569)\n\n- **What's New**: 인간 비전\n";

        var doc = DigestMarkdownReader.ReadDocument(md, "d.md");

        Assert.Equal(["I Don't Know: Explicit Modeling of Uncertainty with an [IDK] Token", "Sapiens (Foundation) for Human Vision Models"], doc.Entries.Select(e => e.Title));
        var problem = Assert.Single(doc.Problems);
        Assert.StartsWith("d.md:7: a paper heading without an arXiv link", problem, StringComparison.Ordinal);
    }
}
