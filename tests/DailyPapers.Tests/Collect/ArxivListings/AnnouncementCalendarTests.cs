using System.Globalization;
using DailyPapers.Collect.ArxivListings;

namespace DailyPapers.Tests.Collect.ArxivListings;

public sealed class AnnouncementCalendarTests
{
    private static readonly AnnouncementCalendar Calendar = new(new HashSet<DateOnly>());

    private static DateOnly D(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static DateTimeOffset T(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Sunday_to_Thursday_announce_Friday_and_Saturday_do_not()
    {
        var week = Enumerable.Range(0, 7).Select(i => D("2025-05-04").AddDays(i)).ToList(); // Sunday..Saturday
        Assert.Equal([true, true, true, true, true, false, false], week.Select(Calendar.IsAnnouncementDay));
        Assert.Contains("Friday", Calendar.NoAnnouncementReason(D("2025-05-02")), StringComparison.Ordinal);
        Assert.Null(Calendar.NoAnnouncementReason(D("2025-05-04")));
    }

    [Fact]
    public void The_weekend_files_of_the_real_listings_fall_on_days_without_an_announcement()
    {
        // daily_arxiv files are named by their 01:30 UTC crawl, the morning after the announcement. The Saturday and
        // Sunday files repeat Friday's: they stand for Friday and Saturday evenings, which have no announcement.
        var folder = Path.Combine(ListingServer.ListingsFolder, "week_2025-04-28");
        var files = Directory.EnumerateFiles(folder, "????-??-??.jsonl").Select(f => Path.GetFileNameWithoutExtension(f)).Order().ToList();
        var repeats = files.Where(f => File.ReadLines(Path.Combine(folder, f + ".jsonl")).Order().SequenceEqual(File.ReadLines(Path.Combine(folder, "2025-05-02.jsonl")).Order()) && f != "2025-05-02").ToList();

        Assert.Equal(["2025-05-03", "2025-05-04"], repeats);
        Assert.All(repeats, f => Assert.False(Calendar.IsAnnouncementDay(D(f).AddDays(-1))));
        Assert.All(files.Except(repeats), f => Assert.True(Calendar.IsAnnouncementDay(D(f).AddDays(-1)), f));
    }

    [Theory]
    [InlineData("2025-05-04", "2025-05-01T18:00:00Z", "2025-05-02T18:00:00Z")] // Sunday: Thursday 14:00 to Friday 14:00 EDT
    [InlineData("2025-05-05", "2025-05-02T18:00:00Z", "2025-05-05T18:00:00Z")] // Monday: the weekend's submissions
    [InlineData("2025-04-30", "2025-04-29T18:00:00Z", "2025-04-30T18:00:00Z")] // Wednesday
    [InlineData("2025-12-22", "2025-12-19T19:00:00Z", "2025-12-22T19:00:00Z")] // Monday in winter: 14:00 EST is 19:00 UTC
    [InlineData("2025-03-10", "2025-03-07T19:00:00Z", "2025-03-10T18:00:00Z")] // across the spring change (2025-03-09)
    public void A_days_submission_window_runs_from_the_previous_cutoff_to_its_own(string day, string from, string to)
    {
        var (f, t) = Calendar.SubmissionWindow(D(day));
        Assert.Equal((T(from), T(to)), (f, t));
    }

    [Fact]
    public void A_holiday_has_no_announcement_and_the_next_day_takes_its_submissions()
    {
        var calendar = new AnnouncementCalendar(new HashSet<DateOnly> { D("2025-12-25") });
        Assert.False(calendar.IsAnnouncementDay(D("2025-12-25")));
        Assert.Contains("holiday", calendar.NoAnnouncementReason(D("2025-12-25")), StringComparison.Ordinal);
        Assert.Equal(D("2025-12-24"), calendar.Previous(D("2025-12-28")));
        Assert.Equal(T("2025-12-24T19:00:00Z"), calendar.SubmissionWindow(D("2025-12-28")).From);
    }

    [Theory]
    [InlineData("2025-05-05T00:30:00Z", "2025-05-04")] // Sunday 20:30 EDT: Sunday's announcement is out
    [InlineData("2025-05-04T23:30:00Z", "2025-05-01")] // Sunday 19:30 EDT: still Thursday's
    [InlineData("2025-05-03T12:00:00Z", "2025-05-01")] // Saturday: Thursday's
    [InlineData("2025-12-23T02:00:00Z", "2025-12-22")] // Monday 21:00 EST
    public void The_latest_announcement_depends_on_the_evening_in_US_Eastern_time(string now, string expected)
    {
        Assert.Equal(D(expected), Calendar.LatestAnnounced(T(now)));
    }

    [Fact]
    public void A_feeds_pubDate_stands_for_the_evening_before()
    {
        Assert.Equal(D("2025-05-04"), AnnouncementCalendar.AnnouncementOfFeed(ArxivRssParser.ParseDate("Mon, 05 May 2025 00:00:00 -0400")!.Value));
        Assert.Equal(D("2025-09-17"), AnnouncementCalendar.AnnouncementOfFeed(ArxivRssParser.ParseDate("Thu, 18 Sep 2025 00:00:00 -0400")!.Value));
        Assert.Equal(D("2025-12-25"), AnnouncementCalendar.AnnouncementOfFeed(ArxivRssParser.ParseDate("Fri, 26 Dec 2025 00:00:00 -0500")!.Value));
    }
}
