using System.Globalization;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Site;

/// <summary>The server-rendered pages: latest day, day, paper, archive, search, and the stylesheet.</summary>
internal static class SiteEndpoints
{
    private const string HtmlType = "text/html; charset=utf-8";
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapSitePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapGet("/site.css", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return TypedResults.Text(SiteCss.Text, "text/css; charset=utf-8");
        });
        pages.MapMethods("/", GetOrHead, LatestAsync);
        pages.MapMethods("/{date:regex(^\\d{{4}}-\\d{{2}}-\\d{{2}}$)}", GetOrHead, DayAsync);
        pages.MapMethods("/papers/{arxivId}", GetOrHead, PaperAsync);
        pages.MapMethods("/archive", GetOrHead, ArchiveAsync);
        pages.MapGet("/search", SearchAsync);
        return app;
    }

    private static async Task<RenderedPageResult> LatestAsync(SiteData data, PageCache cache, string? lang, CancellationToken ct) =>
        new(await cache.GetOrRenderAsync("/?lang=" + LanguageKey(lang), async t =>
            await data.LatestDateAsync(t) is { } latest
                ? await RenderDayAsync(data, latest, lang, t)
                : RenderedPage.From(MessagePage.Render("No papers yet", "The store holds no day yet. Run `dailypapers digest --date 2024-08-15` first."), HtmlType), ct));

    private static async Task<RenderedPageResult> DayAsync(string date, SiteData data, PageCache cache, string? lang, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new(RenderedPage.From(MessagePage.Render("Not a date", $"'{date}' is not a calendar date (YYYY-MM-DD)."), HtmlType, StatusCodes.Status404NotFound));
        return new(await cache.GetOrRenderAsync($"/{date}?lang={LanguageKey(lang)}", t => RenderDayAsync(data, day, lang, t), ct));
    }

    // Spellings of one language (" ko", "KO") share a cache entry: the page renders the same for all of them.
    // Upper-casing matches the OrdinalIgnoreCase comparison the page is rendered with (a Kelvin sign stays apart).
    private static string LanguageKey(string? lang) => string.IsNullOrWhiteSpace(lang) ? "" : lang.Trim().ToUpperInvariant();

    private static async Task<RenderedPage> RenderDayAsync(SiteData data, DateOnly date, string? lang, CancellationToken ct)
    {
        lang = string.IsNullOrWhiteSpace(lang) ? null : lang.Trim(); // "?lang=" and "?lang=%20" mean no language, as the cache key says
        var view = await data.GetDayAsync(date, lang, ct);
        if (view is null)
            return RenderedPage.From(MessagePage.Render("Day not found", $"No papers are stored for {Html.Day(date)}."), HtmlType, StatusCodes.Status404NotFound);
        if (lang is not null && !view.Languages.Contains(lang.Trim(), StringComparer.OrdinalIgnoreCase))
            return RenderedPage.From(MessagePage.Render("Language not available",
                $"{Html.Day(date)} has no summaries in '{lang}'. Available: {(view.Languages.Count == 0 ? "none" : string.Join(", ", view.Languages))}."), HtmlType, StatusCodes.Status404NotFound);
        return RenderedPage.From(DayPage.Render(view), HtmlType);
    }

    private static async Task<RenderedPageResult> PaperAsync(string arxivId, SiteData data, PageCache cache, CancellationToken ct)
    {
        if (!Papers.ArxivId.TryParse(arxivId, out var id))
            return new(RenderedPage.From(MessagePage.Render("Not an arXiv id", $"'{arxivId}' is not an arXiv id (e.g. 2408.07246)."), HtmlType, StatusCodes.Status404NotFound));
        return new(await cache.GetOrRenderAsync("/papers/" + id.Id, async t =>
            await data.GetPaperAsync(id.Id, t) is { } view
                ? RenderedPage.From(PaperPage.Render(view), HtmlType)
                : RenderedPage.From(MessagePage.Render("Paper not found", $"arXiv {id.Id} is not in the store."), HtmlType, StatusCodes.Status404NotFound), ct));
    }

    private static async Task<RenderedPageResult> ArchiveAsync(IPaperStore store, PageCache cache, CancellationToken ct) =>
        new(await cache.GetOrRenderAsync("/archive", async t => RenderedPage.From(ArchivePage.Render(await store.GetDatesAsync(t)), HtmlType), ct));

    private static async Task<Results<ContentHttpResult, RenderedPageResult>> SearchAsync(IPaperSearch search, IOptions<WebOptions> options, string? q, int? page, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q))
            return TypedResults.Content(SearchPageView.Render(null, null, null), HtmlType);
        try
        {
            var results = await search.SearchAsync(q, Math.Max(1, page ?? 1), options.Value.SearchPageSize, ct);
            return TypedResults.Content(SearchPageView.Render(q, results, null), HtmlType);
        }
        catch (SearchQueryException ex)
        {
            return new RenderedPageResult(RenderedPage.From(SearchPageView.Render(q, null, ex.Message), HtmlType, StatusCodes.Status400BadRequest));
        }
    }
}
