using System.Globalization;

namespace DailyPapers.Web.Scheduling;

/// <summary>When the next daily run is due: <see cref="ScheduleOptions.Time"/> in <see cref="ScheduleOptions.TimeZone"/>.</summary>
public sealed record ScheduleClock(TimeOnly Time, TimeZoneInfo Zone)
{
    /// <summary>Parses the options; false with a message naming the bad setting.</summary>
    public static bool TryCreate(ScheduleOptions options, out ScheduleClock? clock, out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        clock = null;
        if (!TimeOnly.TryParseExact(options.Time, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            error = $"DailyPapers:Web:Schedule:Time '{options.Time}' is not a time of day (HH:mm, e.g. 07:00)";
            return false;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone))
        {
            error = $"DailyPapers:Web:Schedule:TimeZone '{options.TimeZone}' is not a known time zone (e.g. UTC, Asia/Seoul)";
            return false;
        }
        clock = new ScheduleClock(time, zone);
        error = null;
        return true;
    }

    /// <summary>The first run time strictly after <paramref name="now"/>, and the local date it runs for.</summary>
    public (DateTimeOffset At, DateOnly Date) Next(DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i < 3; i++, date = date.AddDays(1))
        {
            var wall = date.ToDateTime(Time);
            // A time skipped by a daylight-saving jump runs an hour later instead of never.
            if (Zone.IsInvalidTime(wall)) wall = wall.AddHours(1);
            var at = new DateTimeOffset(wall, Zone.GetUtcOffset(wall));
            if (at > now) return (at, date);
        }
        throw new InvalidOperationException("no scheduled time found within three days");
    }
}
