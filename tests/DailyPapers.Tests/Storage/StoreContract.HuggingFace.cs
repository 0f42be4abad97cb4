using DailyPapers.Papers;

namespace DailyPapers.Tests.Storage;

public abstract partial class StoreContract
{
    private static readonly HuggingFacePaperInfo SentinelInfo = new()
    {
        AiSummary = "A hybrid safety detection framework improves the detection of unsafe operations in mobile agents.",
        AiKeywords = ["Formal Verifier", "Contextual Judge"],
        GithubRepo = "https://github.com/OS-Copilot/OS-Sentinel",
        GithubStars = 5,
        ProjectPage = "https://thinkmorph.github.io/",
        Organization = new HuggingFaceOrganization("hkunlp", "NLP Group of The University of Hong Kong"),
    };

    [Fact]
    public async Task What_hugging_face_says_about_a_paper_reads_back_by_day_and_by_paper()
    {
        // Given a day with one paper Hugging Face describes and one it does not
        var store = await NewStoreAsync();
        var date = new DateOnly(2025, 11, 3);
        var described = Fixtures.Entry("2510.24411", "OS-Sentinel", order: 0) with { Date = date };
        described = described with { Paper = described.Paper with { HuggingFace = SentinelInfo } };
        await store.SaveDayAsync(new DayFeed(date, [described, Fixtures.Entry("2510.27492", "ThinkMorph", order: 1) with { Date = date }], []), CancellationToken.None);

        // When it is read back by day and by paper
        var day = await store.GetDayAsync(date, CancellationToken.None);
        var paper = await store.GetPaperAsync("2510.24411", CancellationToken.None);

        // Then every field is as saved, and the other paper has none
        Assert.NotNull(day);
        var back = day.Entries[0].Paper.HuggingFace;
        Assert.NotNull(back);
        Assert.Equal((SentinelInfo.AiSummary, SentinelInfo.GithubRepo, SentinelInfo.GithubStars, SentinelInfo.ProjectPage, SentinelInfo.Organization),
            (back.AiSummary, back.GithubRepo, back.GithubStars, back.ProjectPage, back.Organization));
        Assert.Equal(SentinelInfo.AiKeywords, back.AiKeywords);
        Assert.Null(day.Entries[1].Paper.HuggingFace);
        Assert.Equal(SentinelInfo.AiKeywords, paper?.HuggingFace?.AiKeywords);
    }

    [Fact]
    public async Task A_later_day_without_hugging_face_fields_keeps_the_stored_ones()
    {
        // Given the paper stored with its Hugging Face fields
        var store = await NewStoreAsync();
        var first = Fixtures.Entry("2510.24411", "OS-Sentinel") with { Date = new DateOnly(2025, 11, 3) };
        await store.SaveDayAsync(new DayFeed(first.Date, [first with { Paper = first.Paper with { HuggingFace = SentinelInfo } }], []), CancellationToken.None);

        // When an arXiv listing day lists the same paper without them
        var listed = first with { Date = new DateOnly(2025, 11, 4), Origin = "arXiv cs.AI", AnnounceType = "new" };
        await store.SaveDayAsync(new DayFeed(listed.Date, [listed], []), CancellationToken.None);

        // Then the fields are still there
        Assert.Equal("hkunlp", (await store.GetPaperAsync("2510.24411", CancellationToken.None))?.HuggingFace?.Organization?.Name);
    }
}
