using DailyPapers.Enrich.PaperText;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Live;

public sealed class FullTextExtractionTests
{
    private static FullText Extract(string file, int maxChars = 1_000_000)
    {
        var html = File.ReadAllText(Path.Combine(TestPaths.SharedData, "arxiv_html", file));
        return ArxivHtmlExtractor.Extract(html, "0000.00000", "http://127.0.0.1/html/x", maxChars)!.Value.Text;
    }

    private static string Heading(FullTextSection s) => string.Join(" > ", s.HeadingPath);

    [Fact]
    public void The_split_cycle_paper_yields_its_sections_in_order_with_heading_paths()
    {
        var text = Extract("latexml_split_cycle_2022.html");

        var headings = text.Sections.Select(Heading).ToList();
        Assert.Equal(
        [
            "Abstract", "1 Introduction", "2 Preliminaries", "2 Preliminaries > 2.1 VCCRs and VSCCs", "2 Preliminaries > 2.2 Split Cycle",
            "3 Axioms on VCCRs", "3 Axioms on VCCRs > 3.1 Standard axioms", "3 Axioms on VCCRs > 3.2 Coherent IIA",
            "3 Axioms on VCCRs > 3.3 Coherent Defeat", "3 Axioms on VCCRs > 3.4 Positive Involvement in Defeat",
            "4 Characterization of the Split Cycle VCCR", "5 Axioms on VSCCs", "5 Axioms on VSCCs > 5.1 Standard axioms",
            "5 Axioms on VSCCs > 5.2 Coherent IIA", "5 Axioms on VSCCs > 5.3 Coherent Defeat", "5 Axioms on VSCCs > 5.4 Tolerant Positive Involvement",
            "6 Characterization of the Split Cycle VSCC", "7 Ballots with Ties", "8 Conclusion",
        ], headings.Take(19));
        Assert.Contains(headings, h => h.StartsWith("Appendix A", StringComparison.Ordinal));
        Assert.DoesNotContain(headings, h => h.Contains("References", StringComparison.Ordinal));
        Assert.StartsWith("A number of rules for resolving majority cycles in elections have been proposed", text.Sections[0].Text, StringComparison.Ordinal);
        Assert.Contains("Split Cycle", text.Sections[1].Text, StringComparison.Ordinal);
        // Every leaf section (one without subsections) carries its body text.
        var leaves = text.Sections.Where(s => !text.Sections.Any(o => o.HeadingPath.Count > s.HeadingPath.Count && o.HeadingPath.Take(s.HeadingPath.Count).SequenceEqual(s.HeadingPath)));
        Assert.All(leaves, s => Assert.True(s.Text.Length > 100, $"'{Heading(s)}' has only {s.Text.Length} characters"));
        Assert.DoesNotContain(text.Sections, s => s.Text.Contains("bucket_static", StringComparison.Ordinal));
        Assert.False(text.Truncated);
    }

    [Fact]
    public void The_angular_momentum_paper_yields_its_sections_without_the_table_of_contents_chrome()
    {
        var text = Extract("latexml_angular_momentum_2023.html");

        var headings = text.Sections.Select(Heading).ToList();
        Assert.Equal(
        [
            "Abstract", "1 Introduction", "2 Methods", "3 Results", "4 Discussion", "Acknowledgements", "Data availability",
            "Appendix A Genetic modifications of the angular momentum", "Appendix B Details of tidal torque theory",
        ], headings.Where(h => !h.Contains(" > ", StringComparison.Ordinal)));
        Assert.StartsWith("The angular momentum of dark matter haloes controls their spin", text.Sections[0].Text, StringComparison.Ordinal);
        // The TOC nav repeats every heading; none of it may leak into a section's body.
        Assert.DoesNotContain(text.Sections, s => s.Text.Contains("1 Introduction 2 Methods", StringComparison.Ordinal));
        Assert.NotEmpty(text.Captions);
        Assert.All(text.Captions, c => Assert.DoesNotContain("<", c, StringComparison.Ordinal));
    }

    [Fact]
    public void Math_is_kept_as_its_tex_alt_text()
    {
        var text = Extract("latexml_split_cycle_2022.html");

        var body = string.Join("\n", text.Sections.Select(s => s.Text));
        Assert.Contains("\\mathbf{P}", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_size_cap_cuts_the_text_and_marks_it_truncated()
    {
        var text = Extract("latexml_split_cycle_2022.html", maxChars: 5_000);

        Assert.True(text.Truncated);
        Assert.Equal(5_000, text.Sections.Sum(s => s.Text.Length));
    }

    [Fact]
    public void A_page_that_is_not_latexml_is_not_taken_for_a_paper()
    {
        var result = ArxivHtmlExtractor.Extract("<html><body><nav>Home</nav><p>No HTML for this paper</p></body></html>", "x", "u", 1000);

        Assert.Null(result);
    }
}
