using System.Text;
using DailyPapers.Collect.HuggingFace;

namespace DailyPapers.Tests.Collect;

/// <summary>The fields Hugging Face added in 2025-2026 (ai_summary, ai_keywords, githubRepo/Stars, projectPage, organization), read from real captures.</summary>
public sealed class HuggingFaceInfoParserTests
{
    private static string LaterSamples => Path.Combine(TestPaths.SharedData, "hf_daily_papers", "raw_later_samples");

    [Fact]
    public async Task A_2025_record_keeps_its_machine_summary_keywords_repository_stars_and_organization()
    {
        // Given the first archived day of November 2025
        var day = await new HuggingFaceFileSource(LaterSamples).GetDayAsync(new DateOnly(2025, 11, 3), CancellationToken.None);

        // Then OS-Sentinel's record carries every field as served
        Assert.Empty(day.Problems);
        var info = day.Entries.Single(e => e.Paper.ArxivId == "2510.24411").Paper.HuggingFace;
        Assert.NotNull(info);
        Assert.Equal("A hybrid safety detection framework combining formal verification and VLM-based contextual assessment improves the detection of unsafe operations in mobile agents.", info.AiSummary);
        Assert.Equal(["Vision-Language Models", "VLMs", "Formal Verifier", "Contextual Judge", "MobileRisk-Live", "safety detection benchmark",
            "system-level violations", "contextual risks", "autonomous mobile agents"], info.AiKeywords);
        Assert.Equal("https://github.com/OS-Copilot/OS-Sentinel", info.GithubRepo);
        Assert.Equal(5, info.GithubStars);
        Assert.Null(info.ProjectPage);
        Assert.Equal(new DailyPapers.Papers.HuggingFaceOrganization("hkunlp", "NLP Group of The University of Hong Kong"), info.Organization);
    }

    [Fact]
    public async Task An_empty_ai_summary_is_absent_and_a_project_page_is_kept()
    {
        var day = await new HuggingFaceFileSource(LaterSamples).GetDayAsync(new DateOnly(2025, 11, 3), CancellationToken.None);

        var info = day.Entries.Single(e => e.Paper.ArxivId == "2510.27492").Paper.HuggingFace;

        Assert.NotNull(info);
        Assert.Null(info.AiSummary); // served as ""
        Assert.Equal("https://thinkmorph.github.io/", info.ProjectPage);
        Assert.Null(info.Organization);
    }

    [Fact]
    public async Task A_2024_record_has_no_hugging_face_fields()
    {
        var day = await new HuggingFaceFileSource(TestPaths.HfRaw2024).GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None);

        Assert.All(day.Entries, e => Assert.Null(e.Paper.HuggingFace));
    }

    [Fact]
    public void A_record_with_too_many_keywords_is_refused_by_name_and_the_others_are_kept()
    {
        // Given two records, the second with 201 machine keywords
        var keywords = string.Join(",", Enumerable.Range(0, 201).Select(i => $"\"k{i}\""));
        var json = $$$"""
            [{"paper": {"id": "2510.00001", "title": "Kept", "summary": "s", "ai_keywords": ["a"]}},
             {"paper": {"id": "2510.00002", "title": "Refused", "summary": "s", "ai_keywords": [{{{keywords}}}]}}]
            """;

        var day = HuggingFaceFeedParser.Parse(Encoding.UTF8.GetBytes(json), "feed.json", new DateOnly(2025, 10, 1));

        Assert.Equal(["2510.00001"], day.Entries.Select(e => e.Paper.ArxivId));
        var problem = Assert.Single(day.Problems);
        Assert.Equal(1, problem.RecordIndex);
        Assert.Equal("paper 2510.00002: 201 ai_keywords, more than the 200 allowed", problem.Message);
    }

    [Fact]
    public void The_organization_of_the_entry_is_used_when_the_paper_has_none()
    {
        var json = """
            [{"organization": {"name": "acme-lab", "fullname": "Acme <b>Lab</b>"}, "paper": {"id": "2510.00003", "title": "T", "summary": "s"}}]
            """;

        var day = HuggingFaceFeedParser.Parse(Encoding.UTF8.GetBytes(json), "feed.json", new DateOnly(2025, 10, 1));

        Assert.Equal(new DailyPapers.Papers.HuggingFaceOrganization("acme-lab", "Acme <b>Lab</b>"), Assert.Single(day.Entries).Paper.HuggingFace?.Organization);
    }
}
