using DailyPapers.Web.Apis;
using DailyPapers.Web.Feeds;
using DailyPapers.Web.Site.Pages;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Site;

/// <summary>
/// <c>/for/NAME[?date=YYYY-MM-DD]</c> (a page) and <c>/for/NAME.atom</c>, <c>/for/NAME.json</c> (feeds): the newest stored day ranked for a
/// configured profile, each paper with its reasons. An unknown profile is 404 naming it (an HTML page, a problem document for a feed).
/// </summary>
internal static class ProfileEndpoints
{
    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    private static readonly (string Format, string Name, string ContentType, string Title)[] Formats =
        [("atom", "ProfileAtomFeed", "application/atom+xml", "an Atom 1.0 feed"), ("json", "ProfileJsonFeed", "application/feed+json", "a JSON Feed 1.1")];

    public static IEndpointRouteBuilder MapProfiles(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/for/{name}", GetOrHead, PageAsync).ExcludeFromDescription();
        foreach (var (format, name, type, title) in Formats)
        {
            app.MapGet($"/for/{{name}}.{format}", (string name, HttpContext http, ProfileData profiles, PageCache cache, PageRenderer renderer, IOptions<WebOptions> options, string? lang, CancellationToken ct) =>
                    FeedAsync(name, http, profiles, cache, renderer, options.Value, lang, format, ct))
                .WithName(name).WithTags("Feeds")
                .WithSummary($"The newest day's papers ranked for the configured profile NAME (DailyPapers:Profiles:NAME) as {title}, each entry led by why it ranks there; ?lang= picks the language.")
                .Produces<string>(StatusCodes.Status200OK, type)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status500InternalServerError);
            app.MapMethods($"/for/{{name}}.{format}", [HttpMethods.Head], (string name, HttpContext http, ProfileData profiles, PageCache cache, PageRenderer renderer, IOptions<WebOptions> options, string? lang, CancellationToken ct) =>
                FeedAsync(name, http, profiles, cache, renderer, options.Value, lang, format, ct)).ExcludeFromDescription();
        }
        return app;
    }

    private static async Task<IResult> PageAsync(string name, ProfileData profiles, PageCache cache, PageRenderer renderer, string? lang, string? date, CancellationToken ct)
    {
        if (profiles.Configured(name) is not { } profile)
            return new RenderedPageResult(await SiteEndpoints.MessageAsync(renderer, "Profile not found", $"No profile '{name}' is configured.", StatusCodes.Status404NotFound));
        DateOnly? day = null;
        if (!string.IsNullOrEmpty(date))
        {
            if (!Problems.TryParseDate(date, out var parsed))
                return new RenderedPageResult(await SiteEndpoints.MessageAsync(renderer, "Not a date", $"'{date}' is not a calendar date (YYYY-MM-DD).", StatusCodes.Status404NotFound));
            day = parsed;
        }
        var language = Language(lang);
        return new RenderedPageResult(await cache.GetOrRenderAsync($"/for/{profile}?date={date}&lang={language}", async t =>
        {
            ProfileDay? view;
            try
            {
                view = await profiles.GetAsync(profile, day, language, t);
            }
            catch (UnusableProfileException ex)
            {
                return await SiteEndpoints.MessageAsync(renderer, "Profile not usable", $"The {ex.Message}: its library gave no usable entry and it sets no keywords, categories or authors.", StatusCodes.Status500InternalServerError);
            }
            if (view is null)
                return day is { } missing
                    ? await SiteEndpoints.MessageAsync(renderer, "Day not found", $"No papers are stored for {Html.Day(missing)}.", StatusCodes.Status404NotFound)
                    : await SiteEndpoints.MessageAsync(renderer, "No papers yet", "The store holds no day yet.", StatusCodes.Status200OK);
            if (LanguageProblem(view, language) is { } problem)
                return await SiteEndpoints.MessageAsync(renderer, "Language not available", problem, StatusCodes.Status404NotFound);
            return RenderedPage.From(await renderer.RenderAsync<ProfilePage>(new Dictionary<string, object?> { [nameof(ProfilePage.View)] = view }), "text/html; charset=utf-8");
        }, ct));
    }

    private static async Task<IResult> FeedAsync(string name, HttpContext http, ProfileData profiles, PageCache cache, PageRenderer renderer, WebOptions options, string? lang, string format, CancellationToken ct)
    {
        if (profiles.Configured(name) is not { } profile)
            return Problems.Of(StatusCodes.Status404NotFound, "Profile not found", $"no profile '{name}' is configured");
        var language = Language(lang);
        var baseUrl = FeedsApi.BaseUrl(http, options);
        var self = $"{baseUrl}/for/{Uri.EscapeDataString(profile)}.{format}" + (language is null ? "" : "?lang=" + Uri.EscapeDataString(language));
        try
        {
            var page = await cache.GetOrRenderAsync(self, async t =>
            {
                var view = await profiles.GetAsync(profile, null, language, t);
                if (view is not null && LanguageProblem(view, language) is { } problem)
                    return RenderedPage.From(problem + "\n", "text/plain; charset=utf-8", StatusCodes.Status404NotFound);
                var reasons = view?.Entries.ToDictionary(e => e.Item.Entry.Paper.ArxivId, e => e.Reasons, StringComparer.Ordinal);
                var items = view is null ? [] : await FeedItems.FromAsync([view.Day], baseUrl, renderer, profile, reasons);
                return format == "atom"
                    ? RenderedPage.From(AtomFeed.Write(items, baseUrl, self, language, profile), "application/atom+xml; charset=utf-8")
                    : RenderedPage.From(JsonFeed.Write(items, baseUrl, self, language, profile), "application/feed+json; charset=utf-8");
            }, ct);
            return page.StatusCode == StatusCodes.Status404NotFound
                ? Problems.Of(StatusCodes.Status404NotFound, "Language not available", System.Text.Encoding.UTF8.GetString(page.Body).TrimEnd())
                : new RenderedPageResult(page);
        }
        catch (UnusableProfileException ex)
        {
            return Problems.Of(StatusCodes.Status500InternalServerError, "Profile not usable", ex.Message);
        }
    }

    // One spelling per language ("KO", " ko" -> "ko"), as the site's feeds.
    private static string? Language(string? lang) => string.IsNullOrWhiteSpace(lang) ? null : lang.Trim().ToLowerInvariant();

    private static string? LanguageProblem(ProfileDay view, string? language) =>
        language is null || view.Day.Languages.Contains(language, StringComparer.OrdinalIgnoreCase) ? null
            : $"{Html.Day(view.Day.Date)} has no summaries in '{language}'. Available: {(view.Day.Languages.Count == 0 ? "none" : string.Join(", ", view.Day.Languages))}.";
}
