using DailyPapers.Papers;
using DailyPapers.Publish;
using DailyPapers.Publish.Markdown;
using DailyPapers.Summarize.Extractive;

namespace DailyPapers.Tests.Publish;

public sealed class MarkdownPublisherTests
{
    [Fact]
    public void The_sample_day_renders_in_the_reference_layout()
    {
        var markdown = MarkdownPublisher.Render(Fixtures.SampleDigest(new RuleBasedRoleClassifier()));

        Golden.Verify("digest-2024-08-15-rules.md", markdown);
    }

    [Fact]
    public void Titles_links_thumbnails_votes_and_authors_match_the_reference_day()
    {
        // Given the reference digest of the replaced system
        var reference = File.ReadAllLines(Path.Combine(TestPaths.SharedReference, "daily-papers-2024-08-15.md"));
        var markdown = MarkdownPublisher.Render(Fixtures.SampleDigest(new RuleBasedRoleClassifier())).Split('\n');

        // Then the same heading, titles, links and thumbnails appear in the same order
        static IEnumerable<string> Skeleton(IEnumerable<string> lines) =>
            lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal) || l.StartsWith("### ", StringComparison.Ordinal) || l.StartsWith("![", StringComparison.Ordinal));
        Assert.Equal(Skeleton(reference), Skeleton(markdown));

        // And votes match except ChemVLM, which the reference captured later (14) than the sample (13)
        var votes = markdown.Where(l => l.StartsWith("Vote: ", StringComparison.Ordinal)).ToList();
        var refVotes = reference.Where(l => l.StartsWith("Vote: ", StringComparison.Ordinal)).ToList();
        Assert.Equal("Vote: 13", votes[0]);
        Assert.Equal(refVotes.Skip(1), votes.Skip(1));

        // And the authors are the reference's names (the reference printed them in another order)
        var authors = markdown.Where(l => l.StartsWith("Authors: ", StringComparison.Ordinal)).Select(Names).ToList();
        var refAuthors = reference.Where(l => l.StartsWith("Authors: ", StringComparison.Ordinal)).Select(Names).ToList();
        Assert.Equal(refAuthors.Count, authors.Count);
        for (var i = 0; i < authors.Count; i++) Assert.Equal(refAuthors[i].Order(), authors[i].Order());

        // And each paper has the three required sections
        Assert.Equal(8, markdown.Count(l => l.StartsWith("- **What's New**: ", StringComparison.Ordinal)));
        Assert.Equal(8, markdown.Count(l => l.StartsWith("- **Technical Details**: ", StringComparison.Ordinal)));
        Assert.Equal(8, markdown.Count(l => l.StartsWith("- **Performance Highlights**: ", StringComparison.Ordinal)));
    }

    private static string[] Names(string line) => line["Authors: ".Length..].Split(", ");

    [Fact]
    public void Ties_in_upvotes_keep_feed_order()
    {
        var day = new DayFeed(new DateOnly(2024, 8, 15),
            [Fixtures.Entry("2408.00001", "A", upvotes: 2, order: 0), Fixtures.Entry("2408.00002", "B", upvotes: 6, order: 1), Fixtures.Entry("2408.00003", "C", upvotes: 6, order: 2)], []);

        Assert.Equal(["2408.00002", "2408.00003", "2408.00001"], day.Ranked.Select(e => e.Paper.ArxivId));
    }

    [Fact]
    public void Untrusted_titles_and_summaries_cannot_become_markup()
    {
        var entry = Fixtures.Entry("2408.00001", "<img src=x onerror=alert(1)> [click](javascript:alert(1))", media: "javascript:alert(1)");
        var summary = new Summary
        {
            ArxivId = "2408.00001", Language = "en", Origin = new SummaryOrigin("test", "m", "p"),
            Sections = [new SummarySection(SectionNames.WhatsNew, "<script>alert(1)</script> **bold** stays")],
        };

        var markdown = MarkdownPublisher.Render(new Digest(new DateOnly(2024, 8, 15), "en", [new DigestItem(entry, summary)]));

        Assert.Contains(@"### [\<img src=x onerror=alert(1)\> \[click\](javascript:alert(1))](https://arxiv.org/abs/2408.00001)", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.Contains(@"\<script\>alert(1)\</script\> **bold** stays", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("![](javascript", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void NUL_and_bidirectional_controls_never_reach_the_markdown()
    {
        // A right-to-left override in a title makes it read backwards; an isolate or NUL in a summary hides or cuts text
        var entry = Fixtures.Entry("2408.00001", "Safe\u202Eelif.exe\u202C title");
        var summary = new Summary
        {
            ArxivId = "2408.00001", Language = "en", Origin = new SummaryOrigin("test", "m", "p"),
            Sections = [new SummarySection(SectionNames.WhatsNew, "Gains of\u2066 12%\u2069 over\0 baselines\u202A.\u202B\u202D")],
        };

        var markdown = MarkdownPublisher.Render(new Digest(new DateOnly(2024, 8, 15), "en", [new DigestItem(entry, summary)]));

        Assert.DoesNotMatch(@"[\u0000\u202A-\u202E\u2066-\u2069]", markdown);
        Assert.Contains("### [Safeelif.exe title]", markdown, StringComparison.Ordinal);
        Assert.Contains("Gains of 12% over baselines.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_media_gets_a_video_block_and_a_failed_paper_stays_listed_with_its_reason()
    {
        var entry = Fixtures.Entry("2408.00001", "Video paper", media: "https://cdn.example/v.mp4");

        var markdown = MarkdownPublisher.Render(new Digest(new DateOnly(2024, 8, 15), "en", [new DigestItem(entry, null, "model reply was not JSON")]));

        Assert.Contains("<video src=\"https://cdn.example/v.mp4\" controls muted playsinline></video>\n\nVote: 1", markdown, StringComparison.Ordinal);
        Assert.Contains("- **Summary unavailable**: model reply was not JSON\n", markdown, StringComparison.Ordinal);
    }
}
