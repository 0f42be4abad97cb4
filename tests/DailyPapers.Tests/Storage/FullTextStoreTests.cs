using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

public sealed class FullTextStoreTests
{
    [Fact]
    public async Task A_full_text_is_stored_replaced_and_read_back()
    {
        // Given a store with a paper's full text
        var store = new SqlitePaperStore(Path.Combine(TestPaths.NewTempFolder(), "s.db"));
        var first = new FullText
        {
            ArxivId = "2408.05366", Source = "html", Url = "https://arxiv.org/html/2408.05366v1",
            Sections = [new FullTextSection(["1 Introduction"], "We recorded 9 hours of real video."), new FullTextSection(["3 Results", "3.1 Fakes"], "5958 deepfake videos.")],
            Captions = ["Figure 1: Examples."],
        };
        await store.SaveFullTextAsync(first, CancellationToken.None);

        // When it is fetched again from the PDF
        await store.SaveFullTextAsync(first with { Source = "pdf", Truncated = true }, CancellationToken.None);
        var back = await store.GetFullTextAsync("2408.05366", CancellationToken.None);

        // Then the newer one is kept, whole
        Assert.NotNull(back);
        Assert.Equal("pdf", back.Source);
        Assert.True(back.Truncated);
        Assert.Equal(["3 Results", "3.1 Fakes"], back.Sections[1].HeadingPath);
        Assert.Contains("3 Results > 3.1 Fakes\n5958 deepfake videos.", back.PlainText, StringComparison.Ordinal);
        Assert.Null(await store.GetFullTextAsync("2408.00000", CancellationToken.None));
    }
}
