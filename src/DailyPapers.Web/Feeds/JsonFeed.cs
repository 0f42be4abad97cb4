using System.Text.Json;
using System.Text.Json.Serialization;

namespace DailyPapers.Web.Feeds;

/// <summary>Writes a JSON Feed 1.1 document (https://jsonfeed.org/version/1.1).</summary>
public static class JsonFeed
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The feed as JSON text; a <paramref name="profile"/>'s feed has its own title.</summary>
    public static string Write(IReadOnlyList<FeedItem> items, string baseUrl, string selfUrl, string? language, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var feed = new Document(
            "https://jsonfeed.org/version/1.1",
            FeedText.Title(profile, language),
            baseUrl + "/", selfUrl, FeedText.Description(profile), language,
            [.. items.Select(i => new Item(i.Id, i.PaperUrl, i.ArxivUrl, i.Title, i.Summary, i.ContentHtml, i.ImageUrl, i.Published,
                [.. i.Authors.Select(a => new Author(a))], [Site.Html.Day(i.Day)], i.Language))]);
        return JsonSerializer.Serialize(feed, Options);
    }

    private sealed record Document(string Version, string Title, string HomePageUrl, string FeedUrl, string Description, string? Language, IReadOnlyList<Item> Items);

    private sealed record Item(string Id, string Url, string ExternalUrl, string Title, string Summary, string ContentHtml, string? Image, DateTimeOffset DatePublished, IReadOnlyList<Author> Authors, IReadOnlyList<string> Tags, string? Language);

    private sealed record Author(string Name);
}
