using DailyPapers.Publish;
using DailyPapers.Web.Site;
using DailyPapers.Web.Site.Pages;

namespace DailyPapers.Web.Feeds;

/// <summary>
/// One feed entry: a paper of a day in the feed's language, with <see cref="Summary"/> (plain text: the summary's first
/// section, what readers preview) and <see cref="ContentHtml"/> (the whole summary as HTML, rendered by the framework).
/// </summary>
public sealed record FeedItem(string Id, string Title, string PaperUrl, string ArxivUrl, string Summary, string ContentHtml, DateOnly Day, DateTimeOffset Published,
    IReadOnlyList<string> Authors, string? ImageUrl, string? Language);

/// <summary>Turns the latest days into feed items, newest day first, each day in ranked order.</summary>
public static class FeedItems
{
    /// <summary>Items of <paramref name="days"/>; links are absolute under <paramref name="baseUrl"/>.</summary>
    public static async Task<IReadOnlyList<FeedItem>> FromAsync(IEnumerable<PublishedDay> days, string baseUrl, PageRenderer renderer)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(renderer);
        var items = new List<FeedItem>();
        foreach (var day in days)
        {
            // Entries of a day share the day's midnight UTC; rank order becomes seconds so readers keep the order.
            var midnight = new DateTimeOffset(day.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            for (var i = 0; i < day.Items.Count; i++)
            {
                var item = day.Items[i];
                var paper = item.Entry.Paper;
                var content = await renderer.RenderAsync<FeedEntryContent>(new Dictionary<string, object?> { [nameof(FeedEntryContent.Item)] = item });
                items.Add(new FeedItem(
                    Id: $"tag:dailypapers,{Html.Day(day.Date)}:{paper.ArxivId}:{day.Language ?? "none"}",
                    Title: paper.FoldedTitle,
                    PaperUrl: $"{baseUrl}/papers/{paper.ArxivId}",
                    ArxivUrl: paper.AbsUrl,
                    Summary: SummaryMarkdown.ToPlainText(item.Preview),
                    ContentHtml: content,
                    Day: day.Date,
                    Published: midnight.AddSeconds(day.Items.Count - i),
                    Authors: paper.Authors,
                    ImageUrl: item.Entry.MediaIsVideo ? null : Html.SafeUrl(item.Entry.MediaUrl),
                    Language: item.Summary?.Language));
            }
        }
        return items;
    }
}
