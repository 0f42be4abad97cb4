using DailyPapers.Papers;
using DailyPapers.Publish;
using DailyPapers.Publish.Markdown;

namespace DailyPapers.Tests.Publish;

/// <summary>The publishing rules every publisher shares: dropped summaries are withheld, missing languages fall back.</summary>
public sealed class PublishedDayBuilderTests
{
    private static readonly SummaryOrigin Origin = new("test", "m", "p");
    private static readonly DateOnly Day = new(2024, 8, 15);

    private static Summary Summary(string id, string language, string whatsNew) => new()
    {
        ArxivId = id, Language = language, Origin = Origin,
        Sections = [new(SectionNames.WhatsNew, whatsNew), new(SectionNames.TechnicalDetails, "Details.")],
    };

    // Three papers: one summarized in ko and en, one only in en, one whose en summary the latest run dropped.
    private static (DayFeed Day, Dictionary<string, IReadOnlyList<Summary>> Summaries, RunReport Run) Fixture()
    {
        var day = new DayFeed(Day, [Fixtures.Entry("2408.00001", "Both languages", upvotes: 9), Fixtures.Entry("2408.00002", "English only", upvotes: 5, order: 1),
            Fixtures.Entry("2408.00003", "Dropped in English", upvotes: 1, order: 2)], []);
        var summaries = new Dictionary<string, IReadOnlyList<Summary>>
        {
            ["2408.00001"] = [Summary("2408.00001", "ko", "새로운 **모델**."), Summary("2408.00001", "en", "A new **model**.")],
            ["2408.00002"] = [Summary("2408.00002", "en", "An English-only summary.")],
            ["2408.00003"] = [Summary("2408.00003", "en", "A summary strict verification dropped.")],
        };
        var run = new RunReport
        {
            Date = Day,
            Outcomes = [new("2408.00001", "Both languages", "en", PaperStatus.Done), new("2408.00002", "English only", "en", PaperStatus.Done),
                new("2408.00003", "Dropped in English", "en", PaperStatus.Failed, "dropped (strict verification): 1 verification defect")],
        };
        return (day, summaries, run);
    }

    [Fact]
    public void A_summary_the_latest_run_dropped_is_withheld_with_its_reason()
    {
        // Given a paper whose English summary is stored but was dropped by the latest run
        var (day, summaries, run) = Fixture();

        // When the day is published in English
        var published = PublishedDayBuilder.Build(day, summaries, run, "en", ["ko"], [Day]);

        // Then that paper shows no summary and says why; the others show theirs
        var dropped = published.Items.Single(i => i.Entry.Paper.ArxivId == "2408.00003");
        Assert.Null(dropped.Summary);
        Assert.Equal("dropped (strict verification): 1 verification defect", dropped.MissingReason);
        Assert.Equal("A new **model**.", published.Items[0].Preview);
    }

    [Fact]
    public void A_summary_dropped_in_its_own_language_is_never_the_fallback()
    {
        // Given a paper with only an English summary, which the latest run dropped
        var (day, summaries, run) = Fixture();

        // When the day is published in Korean
        var published = PublishedDayBuilder.Build(day, summaries, run, "ko", ["ko"], [Day]);

        // Then the paper shows no summary and the drop reason rather than the dropped English text
        var item = published.Items.Single(i => i.Entry.Paper.ArxivId == "2408.00003");
        Assert.Null(item.Summary);
        Assert.Equal("dropped (strict verification): 1 verification defect", item.MissingReason);
        Assert.Equal("Summary unavailable: dropped (strict verification): 1 verification defect", item.Preview);
    }

    [Fact]
    public void A_paper_without_the_chosen_language_falls_back_to_another_and_says_so()
    {
        // Given the preferred language ko, which only one paper has
        var (day, summaries, run) = Fixture();

        // When the day is published without naming a language
        var published = PublishedDayBuilder.Build(day, summaries, run, null, ["ko"], [new(2024, 8, 14), Day, new(2024, 8, 16)]);

        // Then ko is chosen, the English-only paper falls back to en with the reason, and the neighbours are found
        Assert.Equal("ko", published.Language);
        Assert.Equal(["ko", "en"], published.Languages);
        var fallback = published.Items.Single(i => i.Entry.Paper.ArxivId == "2408.00002");
        Assert.True(fallback.IsFallback);
        Assert.Equal("en", fallback.Summary!.Language);
        Assert.Equal("no summary in 'ko'", fallback.MissingReason);
        Assert.Equal((new DateOnly(2024, 8, 14), new DateOnly(2024, 8, 16)), (published.Previous!.Value, published.Next!.Value));
    }

    [Fact]
    public void Markdown_of_a_published_day_shows_fallbacks_and_withheld_summaries_as_the_site_does()
    {
        // Given the day published in Korean from the store: one paper in ko, one falling back to en, one whose en was dropped
        var (day, summaries, run) = Fixture();
        var published = PublishedDayBuilder.Build(day, summaries, run, "ko", ["ko"], [Day]);

        // When it is written as Markdown
        var markdown = MarkdownPublisher.Render(published);

        // Then it matches the golden file
        Golden.Verify("published-day-2024-08-15-ko.md", markdown);
    }
}
