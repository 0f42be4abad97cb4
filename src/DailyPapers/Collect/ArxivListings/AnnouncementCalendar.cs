namespace DailyPapers.Collect.ArxivListings;

/// <summary>
/// arXiv's announcement days. A listing is dated by the US Eastern evening it is announced (20:00, Sunday to
/// Thursday); it holds the submissions received between the previous announcement's 14:00 cut-off and its own
/// (Sunday's ends Friday 14:00, Monday's starts there). Friday, Saturday and configured holidays have no announcement.
/// US Eastern time is computed from the US daylight-saving rule (second Sunday of March to first Sunday of November),
/// so no time-zone database is needed.
/// </summary>
public sealed class AnnouncementCalendar(IReadOnlySet<DateOnly> holidays)
{
    private static readonly TimeOnly Cutoff = new(14, 0);
    private static readonly TimeOnly Announcement = new(20, 0);

    /// <summary>True when arXiv announces on the evening of <paramref name="date"/>.</summary>
    public bool IsAnnouncementDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Friday or DayOfWeek.Saturday) && !holidays.Contains(date);

    /// <summary>Why there is no announcement on <paramref name="date"/>, or null when there is one.</summary>
    public string? NoAnnouncementReason(DateOnly date) =>
        date.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday
            ? $"no arXiv announcement on {date:yyyy-MM-dd} ({date.DayOfWeek}): arXiv announces Sunday to Thursday evenings, US Eastern"
            : holidays.Contains(date)
                ? $"no arXiv announcement on {date:yyyy-MM-dd}: a configured arXiv holiday (DailyPapers:Sources:Arxiv:Holidays)"
                : null;

    /// <summary>The announcement day before <paramref name="date"/>.</summary>
    public DateOnly Previous(DateOnly date)
    {
        var d = date.AddDays(-1);
        while (!IsAnnouncementDay(d)) d = d.AddDays(-1);
        return d;
    }

    /// <summary>The newest announcement made by <paramref name="now"/>.</summary>
    public DateOnly LatestAnnounced(DateTimeOffset now)
    {
        var eastern = ToEastern(now);
        var d = DateOnly.FromDateTime(eastern.DateTime);
        if (!IsAnnouncementDay(d) || TimeOnly.FromDateTime(eastern.DateTime) < Announcement) d = Previous(d);
        return d;
    }

    /// <summary>The submission window (UTC, start inclusive, end exclusive) announced on the evening of <paramref name="date"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) SubmissionWindow(DateOnly date) => (CutoffOf(Previous(date)), CutoffOf(date));

    /// <summary>The announcement an RSS feed's <c>pubDate</c> stands for: the feed of the evening before the date it carries (US Eastern).</summary>
    public static DateOnly AnnouncementOfFeed(DateTimeOffset pubDate) => DateOnly.FromDateTime(ToEastern(pubDate).DateTime).AddDays(-1);

    // An announcement's cut-off: 14:00 Eastern that day, Sunday's on the Friday before.
    private static DateTimeOffset CutoffOf(DateOnly announcement)
    {
        var day = announcement.DayOfWeek == DayOfWeek.Sunday ? announcement.AddDays(-2) : announcement;
        return FromEastern(day, Cutoff);
    }

    /// <summary>US Eastern offset on a local date: -4 h in daylight-saving time, else -5 h.</summary>
    public static TimeSpan EasternOffset(DateOnly date)
    {
        var start = NthSunday(date.Year, 3, 2);
        var end = NthSunday(date.Year, 11, 1);
        return date >= start && date < end ? TimeSpan.FromHours(-4) : TimeSpan.FromHours(-5);
    }

    /// <summary>A UTC instant in US Eastern local time.</summary>
    public static DateTimeOffset ToEastern(DateTimeOffset instant)
    {
        var guess = instant.ToOffset(TimeSpan.FromHours(-5));
        return instant.ToOffset(EasternOffset(DateOnly.FromDateTime(guess.DateTime)));
    }

    private static DateTimeOffset FromEastern(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), EasternOffset(date)).ToUniversalTime();

    private static DateOnly NthSunday(int year, int month, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + 7 * (n - 1));
    }
}
