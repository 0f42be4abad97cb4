using System.Net;
using DailyPapers.Papers;

namespace DailyPapers.Web.Tests.Functional;

public sealed class MixedDayPageTests(WebFactory factory) : IClassFixture<WebFactory>
{
    [Fact]
    public async Task A_mixed_day_page_says_where_each_paper_was_listed_encoded()
    {
        // Given a stored mixed day (its own factory and store, so the sample pages are unchanged)
        var date = new DateOnly(2025, 4, 30);
        DailyEntry Entry(string id, int order, int votes, string? origin, string? type) => new()
        {
            Date = date, FeedOrder = order, Upvotes = votes, Origin = origin, AnnounceType = type,
            Paper = new Paper { ArxivId = id, Title = $"Paper {id}", Authors = ["A. Author"], Abstract = "We propose X. It works well." },
        };
        var store = factory.Sample.Store;
        var entries = new[]
        {
            Entry("2504.21635", 0, 12, "Hugging Face, arXiv cs.CL", "new"),
            Entry("2504.21700", 1, 0, "arXiv cs.CV", "cross"),
            Entry("2504.21701", 2, 0, "arXiv <b>cs.XX</b>", "new"),
        };
        await store.SaveDayAsync(new DayFeed(date, entries, []), CancellationToken.None);
        foreach (var e in entries)
        {
            var summary = new Summary { ArxivId = e.Paper.ArxivId, Language = "en", Origin = SampleStore.HandWritten, Sections = [new(SectionNames.WhatsNew, "We propose X.")] };
            await store.SaveSummaryAsync(DailyPapers.Storage.SummaryKey.For(e.Paper, SampleStore.HandWritten, "en"), summary, CancellationToken.None);
        }

        // When its page is requested
        var response = await factory.CreateClient().GetAsync("/2025-04-30?lang=en");
        var html = await response.Content.ReadAsStringAsync();

        // Then each paper says where it came from, and text from a source is never markup
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<p class=\"meta\">Listed: Hugging Face, arXiv cs.CL</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"meta\">Listed: arXiv cs.CV (cross-list)</p>", html, StringComparison.Ordinal);
        Assert.Contains("Listed: arXiv &lt;b&gt;cs.XX&lt;/b&gt;</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>cs.XX</b>", html, StringComparison.Ordinal);
    }
}
