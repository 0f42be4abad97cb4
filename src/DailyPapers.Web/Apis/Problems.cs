using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Apis;

/// <summary>ProblemDetails bodies for the API's errors.</summary>
internal static class Problems
{
    public static ProblemDetails Of(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out date);
}
