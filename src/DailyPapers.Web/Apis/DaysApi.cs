using DailyPapers.Storage;
using DailyPapers.Web.Site;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Web.Apis;

/// <summary><c>/api/days</c>: the stored days and each day's papers with summaries.</summary>
internal static class DaysApi
{
    public static IEndpointRouteBuilder MapDaysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/days").WithTags("Days");
        api.MapGet("/", async (IPaperStore store, CancellationToken ct) => TypedResults.Ok(new DaysResponse(await store.GetDatesAsync(ct))))
            .WithName("ListDays").WithSummary("Every stored day, oldest first.");
        api.MapGet("/{date}", GetDayAsync).WithName("GetDay").ProducesProblem(400).ProducesProblem(404).WithSummary("A day's papers in digest order, with the summary in ?lang= (default: the preferred language).");
        return app;
    }

    private static async Task<Results<Ok<DayResponse>, ProblemHttpResult>> GetDayAsync(string date, string? lang, SiteData data, CancellationToken ct)
    {
        if (!Problems.TryParseDate(date, out var day))
            return Problems.Of(400, "Bad date", $"'{date}' is not a date: expected YYYY-MM-DD, e.g. 2024-08-15");
        var language = string.IsNullOrWhiteSpace(lang) ? null : lang.Trim();
        var view = await data.GetDayAsync(day, language, ct);
        if (view is null)
            return Problems.Of(404, "Day not found", $"no papers are stored for {date}");
        if (language is not null && !view.Languages.Contains(language, StringComparer.OrdinalIgnoreCase))
            return Problems.Of(404, "Language not available", $"{date} has no summaries in '{language}'; available: {string.Join(", ", view.Languages)}");
        return TypedResults.Ok(DayResponse.From(view));
    }
}
