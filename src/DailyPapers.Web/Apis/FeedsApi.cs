using DailyPapers.Web.Feeds;
using DailyPapers.Web.Site;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Apis;

/// <summary><c>/feed.atom</c> and <c>/feed.json</c>: the latest days' papers, <c>?lang=</c> per language.</summary>
internal static class FeedsApi
{
    public static IEndpointRouteBuilder MapFeeds(this IEndpointRouteBuilder app)
    {
        // GET is documented; HEAD answers the same headers and is left out of the document (one operation per feed).
        foreach (var (format, name, type, title) in Formats)
        {
            app.MapGet($"/feed.{format}", (HttpContext http, SiteData data, PageCache cache, PageRenderer renderer, IOptions<WebOptions> options, string? lang, CancellationToken ct) =>
                    FeedAsync(http, data, cache, renderer, options.Value, lang, format, ct))
                .WithName(name).WithTags("Feeds")
                .WithSummary($"The latest days' papers as {title}, each entry's summary the paper's first summary section; ?lang= picks the language.")
                .Produces<string>(StatusCodes.Status200OK, type)
                .Produces<string>(StatusCodes.Status404NotFound, "text/plain");
            app.MapMethods($"/feed.{format}", [HttpMethods.Head], (HttpContext http, SiteData data, PageCache cache, PageRenderer renderer, IOptions<WebOptions> options, string? lang, CancellationToken ct) =>
                FeedAsync(http, data, cache, renderer, options.Value, lang, format, ct)).ExcludeFromDescription();
        }
        return app;
    }

    private static readonly (string Format, string Name, string ContentType, string Title)[] Formats =
        [("atom", "AtomFeed", "application/atom+xml", "an Atom 1.0 feed"), ("json", "JsonFeed", "application/feed+json", "a JSON Feed 1.1")];

    private static async Task<RenderedPageResult> FeedAsync(HttpContext http, SiteData data, PageCache cache, PageRenderer renderer, WebOptions options, string? lang, string format, CancellationToken ct)
    {
        var baseUrl = BaseUrl(http, options);
        // One spelling per language ("KO", " ko" -> "ko"), so spellings share one cached feed.
        var language = string.IsNullOrWhiteSpace(lang) ? null : lang.Trim().ToLowerInvariant();
        var self = $"{baseUrl}/feed.{format}" + (language is null ? "" : "?lang=" + Uri.EscapeDataString(language));
        return new(await cache.GetOrRenderAsync(self, async t =>
        {
            var days = await data.GetLatestDaysAsync(options.FeedDays, language, t);
            // A language no recent day has is an error, as on the day pages; error pages are not cached.
            var available = days.SelectMany(d => d.Languages).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (language is not null && days.Count > 0 && !available.Contains(language, StringComparer.OrdinalIgnoreCase))
                return RenderedPage.From($"The latest days have no summaries in '{language}'. Available: {(available.Count == 0 ? "none" : string.Join(", ", available))}.\n",
                    "text/plain; charset=utf-8", StatusCodes.Status404NotFound);
            var items = await FeedItems.FromAsync(days, baseUrl, renderer);
            return format == "atom"
                ? RenderedPage.From(AtomFeed.Write(items, baseUrl, self, language), "application/atom+xml; charset=utf-8")
                : RenderedPage.From(JsonFeed.Write(items, baseUrl, self, language), "application/feed+json; charset=utf-8");
        }, ct));
    }

    /// <summary>The configured site URL, else the request's scheme and host.</summary>
    public static string BaseUrl(HttpContext http, WebOptions options) =>
        Html.SafeUrl(options.BaseUrl)?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host.ToUriComponent()}";
}
