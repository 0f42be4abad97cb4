using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Live;

namespace DailyPapers.Tests.Deliver;

/// <summary>A SQLite store file holding the sample day (8 papers) with a hand-written Korean summary of each.</summary>
internal static class DeliveryStore
{
    public static readonly DateOnly Day = new(2024, 8, 15);

    /// <summary>Untrusted text put into the first paper's summary: markup of every target format.</summary>
    public const string Hostile = "<!channel> & <b>bold</b> <script>alert(1)</script> @everyone *star* _under_";

    /// <summary>A new store file with the day and its summaries.</summary>
    public static async Task<string> CreateAsync(Func<DailyEntry, string>? summaryText = null)
    {
        var path = LiveHost.NewStore();
        var store = new SqlitePaperStore(path);
        var day = Fixtures.SampleDay();
        await store.SaveDayAsync(day, CancellationToken.None);
        await WriteSummariesAsync(store, day, summaryText ?? DefaultText);
        return path;
    }

    /// <summary>Stores a newer summary of every paper (as a later run would), written by <paramref name="text"/>.</summary>
    public static async Task ResummarizeAsync(string path, Func<DailyEntry, string> text)
    {
        var store = new SqlitePaperStore(path);
        await WriteSummariesAsync(store, (await store.GetDayAsync(Day, CancellationToken.None))!, text);
    }

    public static string DefaultText(DailyEntry e) => e.FeedOrder == 0 ? $"{Hostile} 이 논문은 새로운 방법을 제안합니다." : $"{e.Paper.ArxivId} 논문은 새로운 방법을 제안합니다.";

    private static async Task WriteSummariesAsync(SqlitePaperStore store, DayFeed day, Func<DailyEntry, string> text)
    {
        var origin = new SummaryOrigin("test-fixture", "hand-written", "v1");
        foreach (var e in day.Entries)
        {
            var summary = new Summary
            {
                ArxivId = e.Paper.ArxivId, Language = "ko", Origin = origin, CreatedAt = DateTimeOffset.UtcNow,
                Sections = [new SummarySection(SectionNames.WhatsNew, text(e)), new SummarySection(SectionNames.TechnicalDetails, "기술적 세부 사항.")],
            };
            await store.SaveSummaryAsync(SummaryKey.For(e.Paper, origin, "ko"), summary, CancellationToken.None);
        }
    }

    /// <summary>Delivery records of a channel in the store: part to state.</summary>
    public static async Task<IReadOnlyList<DeliveryRecord>> RecordsAsync(string path, string channel, string language = "ko") =>
        await new SqlitePaperStore(path).GetDeliveriesAsync(channel, Day, language, CancellationToken.None);
}
