using DailyPapers.Papers;

namespace DailyPapers.Tests.Storage;

public abstract partial class StoreContract
{
    [Fact]
    public async Task An_entry_keeps_where_it_was_listed_and_how_arxiv_announced_it()
    {
        // Given a listing day: a new paper, a cross-list and a Hugging Face-style entry without an origin
        var store = await NewStoreAsync();
        var date = new DateOnly(2025, 5, 4);
        var day = new DayFeed(date,
        [
            Fixtures.Entry("2505.00734", "A new one", order: 0) with { Date = date, Origin = "arXiv cs.CV", AnnounceType = "new" },
            Fixtures.Entry("2505.01319", "A cross-list", order: 1) with { Date = date, Origin = "arXiv cs.CL", AnnounceType = "cross" },
            Fixtures.Entry("2505.01425", "No origin", order: 2) with { Date = date },
        ], []);

        // When it is stored and read back
        await store.SaveDayAsync(day, CancellationToken.None);
        var back = await store.GetDayAsync(date, CancellationToken.None);

        // Then origin and announce type are as saved, and the cross-list is still one
        Assert.NotNull(back);
        Assert.Equal([("arXiv cs.CV", "new"), ("arXiv cs.CL", "cross"), (null, null)], back.Entries.Select(e => (e.Origin, e.AnnounceType)));
        Assert.Equal([false, true, false], back.Entries.Select(e => e.IsCrossList));
    }
}
