using System.Globalization;
using DailyPapers.Rank;
using DailyPapers.Storage;
using DailyPapers.Web.Site.Pages;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Site;

/// <summary>The server-rendered pages: latest day, day, paper, archive, search, and the HTML error pages of browser routes.</summary>
internal static class SiteEndpoints
{
    private const string HtmlType = "text/html; charset=utf-8";
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapSitePages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapMethods("/", GetOrHead, LatestAsync);
        pages.MapMethods("/{date:regex(^\\d{{4}}-\\d{{2}}-\\d{{2}}$)}", GetOrHead, DayAsync);
        pages.MapMethods("/papers/{arxivId}", GetOrHead, PaperAsync);
        // A DOI (bioRxiv, medRxiv) holds one '/': its prefix and suffix are two segments.
        pages.MapMethods("/papers/{prefix:regex(^10\\.\\d{{4,9}}$)}/{suffix}", GetOrHead,
            (string prefix, string suffix, SiteData data, SimilarPapers similar, PageCache cache, PageRenderer renderer, ILoggerFactory loggers, CancellationToken ct) =>
                PaperAsync(prefix + "/" + suffix, data, similar, cache, renderer, loggers, ct));
        pages.MapMethods("/archive", GetOrHead, ArchiveAsync);
        pages.MapMethods("/search", GetOrHead, SearchAsync);
        return app;
    }

    private static async Task<RenderedPageResult> LatestAsync(SiteData data, PageCache cache, PageRenderer renderer, string? lang, CancellationToken ct) =>
        new(await cache.GetOrRenderAsync(PageKey("/", lang), async t =>
            await data.LatestDateAsync(t) is { } latest
                ? await RenderDayAsync(data, renderer, latest, lang, t)
                : await MessageAsync(renderer, "No papers yet", "The store holds no day yet. Run `dailypapers digest --date 2024-08-15` first.", StatusCodes.Status200OK), ct));

    private static async Task<RenderedPageResult> DayAsync(string date, SiteData data, PageCache cache, PageRenderer renderer, string? lang, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new(await MessageAsync(renderer, "Not a date", $"'{date}' is not a calendar date (YYYY-MM-DD).", StatusCodes.Status404NotFound));
        return new(await cache.GetOrRenderAsync(PageKey("/" + date, lang), t => RenderDayAsync(data, renderer, day, lang, t), ct));
    }

    /// <summary>
    /// The cache key of a page: its path alone when no language is asked for, so that <see cref="CachedPageMiddleware"/>
    /// finds a plain request's page by its path without building a string. Spellings of one language (" ko", "KO")
    /// share an entry: the page renders the same for all of them (upper-casing matches the OrdinalIgnoreCase
    /// comparison the page is rendered with; a Kelvin sign stays apart).
    /// </summary>
    private static string PageKey(string path, string? lang) =>
        string.IsNullOrWhiteSpace(lang) ? path : path + "?lang=" + lang.Trim().ToUpperInvariant();

    private static async Task<RenderedPage> RenderDayAsync(SiteData data, PageRenderer renderer, DateOnly date, string? lang, CancellationToken ct)
    {
        lang = string.IsNullOrWhiteSpace(lang) ? null : lang.Trim(); // "?lang=" and "?lang=%20" mean no language, as the cache key says
        var view = await data.GetDayAsync(date, lang, ct);
        if (view is null)
            return await MessageAsync(renderer, "Day not found", $"No papers are stored for {Html.Day(date)}.", StatusCodes.Status404NotFound);
        if (lang is not null && !view.Languages.Contains(lang, StringComparer.OrdinalIgnoreCase))
            return await MessageAsync(renderer, "Language not available",
                $"{Html.Day(date)} has no summaries in '{lang}'. Available: {(view.Languages.Count == 0 ? "none" : string.Join(", ", view.Languages))}.", StatusCodes.Status404NotFound);
        return await PageAsync<DayPage>(renderer, new() { [nameof(DayPage.Day)] = view });
    }

    private static async Task<RenderedPageResult> PaperAsync(string arxivId, SiteData data, SimilarPapers similar, PageCache cache, PageRenderer renderer, ILoggerFactory loggers, CancellationToken ct)
    {
        if (Papers.Doi.PaperKey(arxivId) is not { } id)
            return new(await MessageAsync(renderer, "Not an arXiv id", $"'{arxivId}' is not an arXiv id (e.g. 2408.07246) or a DOI (e.g. 10.1101/2021.01.08.425967).", StatusCodes.Status404NotFound));
        return new(await cache.GetOrRenderAsync("/papers/" + id, async t =>
            await data.GetPaperAsync(id, t) is { } view
                ? await PageAsync<PaperPage>(renderer, new()
                {
                    [nameof(PaperPage.View)] = view,
                    [nameof(PaperPage.Similar)] = await SimilarOrNoneAsync(similar, id, loggers, t),
                })
                : await MessageAsync(renderer, "Paper not found", $"{(Papers.Doi.IsDoi(id) ? "DOI" : "arXiv")} {id} is not in the store.", StatusCodes.Status404NotFound), ct));
    }

    // "Similar papers" is an extra: when the encoder cannot run here (its model fails to load), the page is served without it.
    private static async Task<IReadOnlyList<SimilarPaper>?> SimilarOrNoneAsync(SimilarPapers similar, string arxivId, ILoggerFactory loggers, CancellationToken ct)
    {
        try
        {
            return await similar.FindAsync(arxivId, SimilarPapers.DefaultCount, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            loggers.CreateLogger(typeof(SiteEndpoints).FullName!).LogWarning("similar papers of {ArxivId} left out of its page: {Error}", arxivId, ex.Message);
            return null;
        }
    }

    private static async Task<RenderedPageResult> ArchiveAsync(IPaperStore store, PageCache cache, PageRenderer renderer, CancellationToken ct) =>
        new(await cache.GetOrRenderAsync("/archive", async t =>
            await PageAsync<ArchivePage>(renderer, new() { [nameof(ArchivePage.Dates)] = await store.GetDatesAsync(t) }), ct));

    private static async Task<RenderedPageResult> SearchAsync(HybridSearch search, IOptions<WebOptions> options, PageRenderer renderer, string? q, string? page, string? mode, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q))
            return new(await PageAsync<SearchResultsPage>(renderer, new() { [nameof(SearchResultsPage.Mode)] = mode }));
        // ?page= is read here rather than bound as int?: a bad one is the reader's mistake, answered with a page, not a bare 400.
        var number = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
            return new(await SearchProblemAsync(renderer, q, mode, $"'{page}' is not a page number: pages are numbered from 1."));
        try
        {
            var how = SearchModes.Parse(mode);
            var results = await search.SearchAsync(q, how, number, options.Value.SearchPageSize, ct);
            return new(await PageAsync<SearchResultsPage>(renderer, new()
            {
                [nameof(SearchResultsPage.Query)] = q, [nameof(SearchResultsPage.Results)] = results, [nameof(SearchResultsPage.Mode)] = how.Name(),
            }));
        }
        catch (SearchQueryException ex)
        {
            return new(await SearchProblemAsync(renderer, q, mode, ex.Message));
        }
    }

    private static Task<RenderedPage> SearchProblemAsync(PageRenderer renderer, string q, string? mode, string problem) =>
        PageAsync<SearchResultsPage>(renderer, new()
        {
            [nameof(SearchResultsPage.Query)] = q, [nameof(SearchResultsPage.Problem)] = problem, [nameof(SearchResultsPage.Mode)] = mode,
        }, StatusCodes.Status400BadRequest);

    /// <summary>The HTML page for a browser route's error or notice.</summary>
    public static Task<RenderedPage> MessageAsync(PageRenderer renderer, string title, string message, int statusCode) =>
        PageAsync<MessagePage>(renderer, new() { [nameof(MessagePage.Title)] = title, [nameof(MessagePage.Message)] = message }, statusCode);

    private static async Task<RenderedPage> PageAsync<TComponent>(PageRenderer renderer, Dictionary<string, object?> parameters, int statusCode = StatusCodes.Status200OK)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        RenderedPage.From(await renderer.RenderAsync<TComponent>(parameters), HtmlType, statusCode);

    /// <summary>
    /// Status codes without a body (a route that does not exist, a method not allowed) answer an HTML page on browser
    /// routes; <c>/api/*</c> keeps <c>application/problem+json</c>.
    /// </summary>
    public static async Task WriteStatusPageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.Request.Path.StartsWithSegments("/api") || !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
            if (!await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = { Status = http.Response.StatusCode } }))
                await http.Response.WriteAsync($"Status code {http.Response.StatusCode}", http.RequestAborted);
            return;
        }
        var renderer = http.RequestServices.GetRequiredService<PageRenderer>();
        var status = http.Response.StatusCode;
        var (title, message) = status == StatusCodes.Status404NotFound
            ? ("Page not found", $"Nothing is published at {http.Request.Path}.")
            : ($"Error {status}", "The request could not be answered.");
        var page = await MessageAsync(renderer, title, message, status);
        await new RenderedPageResult(page).ExecuteAsync(http);
    }
}
