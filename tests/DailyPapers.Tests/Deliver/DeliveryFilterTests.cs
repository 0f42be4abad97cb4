using DailyPapers.Deliver;
using DailyPapers.Publish;

namespace DailyPapers.Tests.Deliver;

public sealed class DeliveryFilterTests
{
    private static PublishedDay Day() => new(new DateOnly(2024, 8, 15), "en", ["en"],
    [
        new PublishedItem(Fixtures.Entry("2408.00001", "Gaussian splats", upvotes: 9, abs: "We track a quokka."), null, "not summarized"),
        new PublishedItem(Fixtures.Entry("2408.00002", "Token pruning", upvotes: 5, order: 1), null, "not summarized"),
        new PublishedItem(Fixtures.Entry("2408.00003", "Quokka counting at scale", upvotes: 0, order: 2), null, "not summarized"),
        new PublishedItem(Fixtures.Entry("2408.00004", "More QUOKKA", upvotes: 3, order: 3), null, "not summarized"),
    ]);

    [Fact]
    public void Keywords_keep_only_matching_papers_with_their_ranks_after_votes_and_exclusions_then_top()
    {
        // A keyword in the abstract or the title (any case) keeps a paper; the rest go, ranks stay the day's
        var keywords = DeliveryDay.For(Day(), new ChannelOptions { Keywords = "quokka" }, null);
        var votes = DeliveryDay.For(Day(), new ChannelOptions { Keywords = "quokka", MinVotes = 1 }, null);
        var excluded = DeliveryDay.For(Day(), new ChannelOptions { Keywords = "quokka", ExcludeKeywords = "more" }, null);
        var top = DeliveryDay.For(Day(), new ChannelOptions { Keywords = "quokka", Top = 1 }, null);

        Assert.Equal([(1, "2408.00001"), (3, "2408.00003"), (4, "2408.00004")], keywords.Papers.Select(p => (p.Rank, p.Entry.Paper.ArxivId)));
        Assert.Equal(["2408.00001", "2408.00004"], votes.Papers.Select(p => p.Entry.Paper.ArxivId));
        Assert.Equal(["2408.00001", "2408.00003"], excluded.Papers.Select(p => p.Entry.Paper.ArxivId));
        Assert.Equal(["2408.00001"], top.Papers.Select(p => p.Entry.Paper.ArxivId));
    }
}
