using System.Globalization;

namespace DailyPapers.Cli;

/// <summary>Parses the <c>--date</c> values users type, as calendar dates with no time zone.</summary>
internal static class DateArgument
{
    public static DateOnly Parse(string text, string option = "--date")
    {
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        throw new FormatException($"{option} '{text}' is not a date: expected YYYY-MM-DD, e.g. 2024-08-15");
    }

    /// <summary>Refuses a day that has not begun anywhere on Earth yet (UTC+14 is the earliest zone).</summary>
    public static void NotInFuture(DateOnly date, TimeProvider clock, string option = "--date")
    {
        var newest = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(14));
        if (date > newest)
            throw new ArgumentException($"{option} {date:yyyy-MM-dd} is in the future (today is {DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime):yyyy-MM-dd} UTC)");
    }
}
