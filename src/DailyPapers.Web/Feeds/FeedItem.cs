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
    /// <summary>
    /// Items of <paramref name="days"/>; links are absolute under <paramref name="baseUrl"/>. A profile's feed gives its
    /// name and each paper's reasons: they lead the entry's summary and content, and the entry ids are the profile's own.
    /// </summary>
    public static async Task<IReadOnlyList<FeedItem>> FromAsync(IEnumerable<PublishedDay> days, string baseUrl, PageRenderer renderer,
        string? profile = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? reasons = null)
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
                var why = reasons?.GetValueOrDefault(paper.ArxivId);
                var content = await renderer.RenderAsync<FeedEntryContent>(new Dictionary<string, object?>
                {
                    [nameof(FeedEntryContent.Item)] = item, [nameof(FeedEntryContent.Reasons)] = why,
                });
                var preview = SummaryMarkdown.ToPlainText(item.Preview);
                items.Add(new FeedItem(
                    Id: $"tag:dailypapers,{Html.Day(day.Date)}:{paper.ArxivId}:{day.Language ?? "none"}" + (profile is null ? "" : ":for:" + Uri.EscapeDataString(profile)),
                    Title: paper.FoldedTitle,
                    PaperUrl: $"{baseUrl}/papers/{paper.ArxivId}",
                    ArxivUrl: paper.AbsUrl,
                    Summary: why is { Count: > 0 } ? $"Why: {string.Join("; ", why)}. {preview}" : preview,
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

/// <summary>The title and description both feed formats give the site's feed and a profile's.</summary>
internal static class FeedText
{
    public static string Title(string? profile, string? language) =>
        "DailyPapers" + (profile is null ? "" : $" for {profile}") + (language is null ? "" : $" ({language})");

    public static string Description(string? profile) => profile is null
        ? "Each day's trending research papers, summarized and checked."
        : $"The newest day's papers ranked for the profile '{profile}', each with why it ranks there.";
}
