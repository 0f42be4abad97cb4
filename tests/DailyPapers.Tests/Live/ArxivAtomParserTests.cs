using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Collect.Arxiv;

namespace DailyPapers.Tests.Live;

public sealed class ArxivAtomParserTests
{
    private static string ArxivApi(params string[] parts) => Path.Combine([TestPaths.SharedData, "arxiv_api", .. parts]);

    private static ArxivPage Parse(string path)
    {
        using var stream = File.OpenRead(path);
        return ArxivAtomParser.Parse(stream, Path.GetFileName(path));
    }

    [Fact]
    public void A_current_format_entry_gives_categories_comment_journal_ref_doi_pdf_and_version()
    {
        var page = Parse(ArxivApi("rsxiv_2025", "query_doc.xml"));

        var e = Assert.Single(page.Entries);
        Assert.Equal("2206.06921", e.Id.Id);
        Assert.Equal(3, e.Id.Version);
        Assert.Equal("Attainable forms of Assouad spectra", e.Title);
        Assert.Equal(["math.CA", "math.DS", "math.MG"], e.Categories);
        Assert.StartsWith("25 pages, 5 figures.", e.Comment, StringComparison.Ordinal);
        Assert.Equal("Indiana Univ. Math. J. 73 (2024), 1331-1356", e.JournalRef);
        Assert.Equal("10.1512/iumj.2024.73.9928", e.Doi);
        Assert.Equal("https://arxiv.org/pdf/2206.06921v3", e.PdfUrl);
        Assert.Equal(new DateTimeOffset(2022, 6, 14, 15, 35, 46, TimeSpan.Zero), e.Published);
        Assert.False(e.Withdrawn);
    }

    [Fact]
    public void A_legacy_2016_feed_is_read_with_its_per_element_namespaces()
    {
        var page = Parse(ArxivApi("arxiv_py_legacy_2016", "id_list=1111.2011v2.xml"));

        var e = Assert.Single(page.Entries);
        Assert.Equal("1111.2011v2", e.Id.ToString());
        Assert.Equal("Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit", e.Title);
        Assert.Equal(["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"], e.Authors);
        Assert.Equal(1, page.TotalResults);
    }

    [Fact]
    public void Old_style_and_versioned_ids_are_parsed()
    {
        var recorded = ArxivApi("arxiv_py_recorded_2026", "extracted_xml");

        var oldStyle = Assert.Single(Parse(Directory.GetFiles(recorded, "id_astro-ph_0601001_*.xml").Single()).Entries);
        var versioned = Assert.Single(Parse(Directory.GetFiles(recorded, "id_quant-ph_0201082v1_*.xml").Single()).Entries);

        Assert.Equal("astro-ph/0601001", oldStyle.Id.Id);
        Assert.Equal("quant-ph/0201082", versioned.Id.Id);
        Assert.Equal(1, versioned.Id.Version);
    }

    [Fact]
    public void A_search_page_reports_its_paging_counters()
    {
        var page = Parse(Directory.GetFiles(ArxivApi("arxiv_py_recorded_2026", "extracted_xml"), "q_testing_s10_m10_*.xml").Single());

        Assert.Equal(10, page.Entries.Count);
        Assert.Equal(214881, page.TotalResults);
        Assert.Equal(10, page.StartIndex);
    }

    [Fact]
    public void A_not_found_id_gives_an_empty_page()
    {
        var page = Parse(ArxivApi("rsxiv_2025", "query_empty.xml"));

        Assert.Empty(page.Entries);
        Assert.Equal(0, page.TotalResults);
    }

    [Fact]
    public void The_error_feed_throws_with_arxivs_message()
    {
        var ex = Assert.Throws<ArxivApiException>(() => Parse(Directory.GetFiles(ArxivApi("arxiv_py_recorded_2026", "extracted_xml"), "id_abc_*.xml").Single()));

        Assert.Contains("incorrect id format for abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_xml_throws_naming_the_source()
    {
        using var stream = new MemoryStream("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>"u8.ToArray());

        var ex = Assert.Throws<ArxivApiException>(() => ArxivAtomParser.Parse(stream, "arXiv API (loopback)"));

        Assert.StartsWith("arXiv API (loopback): not a well-formed Atom feed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Withdrawal_comments_in_real_abs_records_are_recognised_and_others_are_not()
    {
        // Given every Comments: field of the 1,192 real .abs records
        var comments = File.ReadLines(Path.Combine(TestPaths.SharedData, "arxiv_abs_files", "arxiv_browse_abs_files.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)
            .Select(t => Regex.Match(t, @"^Comments: (.*(?:\n  .*)*)", RegexOptions.Multiline))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

        // When each is checked
        var flagged = comments.Where(ArxivEntry.IsWithdrawnComment).ToList();

        // Then exactly the ones that speak of a withdrawal are flagged
        var mentioning = comments.Where(c => c.Contains("withdrawn", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(11, mentioning.Count);
        Assert.Equal(mentioning, flagged);
        Assert.True(comments.Count > 900);
    }
}
