using DailyPapers.Web.Site;

namespace DailyPapers.Web.Feeds;

/// <summary>One feed entry: a paper of a day with its summary rendered as HTML (already safe) in the feed's language.</summary>
public sealed record FeedItem(string Id, string Title, string PaperUrl, string ArxivUrl, string ContentHtml, DateOnly Day, DateTimeOffset Published, IReadOnlyList<string> Authors, string? ImageUrl, string? Language);

/// <summary>Turns the latest days into feed items, newest day first, each day in ranked order.</summary>
public static class FeedItems
{
    /// <summary>Items of <paramref name="days"/>; links are absolute under <paramref name="baseUrl"/>.</summary>
    public static IReadOnlyList<FeedItem> From(IEnumerable<DayView> days, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(days);
        var items = new List<FeedItem>();
        foreach (var day in days)
        {
            // Entries of a day share the day's midnight UTC; rank order becomes seconds so readers keep the order.
            var midnight = new DateTimeOffset(day.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            for (var i = 0; i < day.Items.Count; i++)
            {
                var item = day.Items[i];
                var paper = item.Entry.Paper;
                var html = new Html();
                html.Raw("<p>Vote: ").Number(item.Entry.Upvotes).Raw(" · Authors: ").Text(string.Join(", ", paper.Authors)).Raw("</p>\n");
                if (item.Summary is { } summary)
                {
                    if (item.MissingReason is not null) html.Raw("<p>").Text($"{item.MissingReason}; shown in '{summary.Language}' instead.").Raw("</p>\n");
                    DayPage.Flags(html, summary.Findings);
                    DayPage.Sections(html, summary);
                }
                else
                {
                    html.Raw("<p>Summary unavailable: ").Text(item.MissingReason).Raw("</p>\n");
                }
                html.Raw("<p><a").Attr("href", paper.AbsUrl).Raw(">arXiv</a> · <a").Attr("href", $"https://arxiv.org/pdf/{paper.ArxivId}").Raw(">PDF</a></p>");
                items.Add(new FeedItem(
                    Id: $"tag:dailypapers,{Html.Day(day.Date)}:{paper.ArxivId}:{day.Language ?? "none"}",
                    Title: paper.FoldedTitle,
                    PaperUrl: $"{baseUrl}/papers/{paper.ArxivId}",
                    ArxivUrl: paper.AbsUrl,
                    ContentHtml: html.ToString(),
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
