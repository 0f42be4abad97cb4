using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Web.Apis;

/// <summary>ProblemDetails responses (<c>application/problem+json</c>) for the API's errors.</summary>
internal static class Problems
{
    public static ProblemHttpResult Of(int status, string title, string detail) => TypedResults.Problem(detail, statusCode: status, title: title);

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date);
}
