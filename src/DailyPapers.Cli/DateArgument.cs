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
}
