using DailyPapers.Web.Apis;
using DailyPapers.Web.Scheduling;
using DailyPapers.Web.Site;

namespace DailyPapers.Web.Tests.Units;

public sealed class ScheduleClockTests
{
    [Fact]
    public void Next_run_is_today_at_the_configured_local_time_when_it_is_still_ahead()
    {
        // Given 06:00 in Seoul (UTC+9) and now 2024-08-14 20:00 UTC (05:00 on the 15th in Seoul)
        Assert.True(ScheduleClock.TryCreate(new ScheduleOptions { Time = "06:00", TimeZone = "Asia/Seoul" }, out var clock, out _));

        // When the next run is computed
        var (at, date) = clock!.Next(new DateTimeOffset(2024, 8, 14, 20, 0, 0, TimeSpan.Zero));

        // Then it is 21:00 UTC for Seoul's 2024-08-15
        Assert.Equal(new DateTimeOffset(2024, 8, 14, 21, 0, 0, TimeSpan.Zero), at.ToUniversalTime());
        Assert.Equal(new DateOnly(2024, 8, 15), date);
    }

    [Fact]
    public void Next_run_moves_to_tomorrow_once_the_time_has_passed()
    {
        // Given 07:00 UTC and now exactly 07:00 UTC
        Assert.True(ScheduleClock.TryCreate(new ScheduleOptions { Time = "07:00", TimeZone = "UTC" }, out var clock, out _));

        // When the next run is computed
        var (at, date) = clock!.Next(new DateTimeOffset(2024, 8, 15, 7, 0, 0, TimeSpan.Zero));

        // Then it is tomorrow
        Assert.Equal(new DateTimeOffset(2024, 8, 16, 7, 0, 0, TimeSpan.Zero), at);
        Assert.Equal(new DateOnly(2024, 8, 16), date);
    }

    [Theory]
    [InlineData("25:00", "UTC", "Time '25:00' is not a time of day")]
    [InlineData("07:00", "Mars/Olympus", "TimeZone 'Mars/Olympus' is not a known time zone")]
    public void Bad_schedule_settings_are_named_in_the_error(string time, string zone, string message)
    {
        // When invalid settings are parsed
        var ok = ScheduleClock.TryCreate(new ScheduleOptions { Time = time, TimeZone = zone }, out _, out var error);

        // Then parsing fails and the error names the setting and value
        Assert.False(ok);
        Assert.Contains(message, error);
    }
}

public sealed class MarkdownAndTokenTests
{
    [Fact]
    public void Summary_markdown_keeps_formatting_but_not_raw_html_or_script_links()
    {
        // When model output with markup is rendered
        var html = SummaryMarkdown.ToInlineHtml("**Bold** <iframe src=x></iframe> [x](javascript:alert(1)) [ok](https://arxiv.org/abs/2408.07246)");

        // Then bold survives, the iframe is text, the script link has no target and the https link stays
        Assert.Contains("<strong>Bold</strong>", html);
        Assert.Contains("&lt;iframe src=x&gt;&lt;/iframe&gt;", html);
        Assert.Contains("<a href=\"\">x</a>", html);
        Assert.Contains("<a href=\"https://arxiv.org/abs/2408.07246\">ok</a>", html);
    }

    [Theory]
    [InlineData("Bearer secret", true)]
    [InlineData("bearer   secret ", true)]
    [InlineData("Bearer secret2", false)]
    [InlineData("Bearer ", false)]
    [InlineData("secret", false)]
    [InlineData("", false)]
    public void Bearer_token_must_match_exactly(string header, bool expected)
    {
        // When a header is checked against the token "secret"
        // Then only the Bearer scheme with the exact token passes
        Assert.Equal(expected, RunsApi.Authorized(header, "secret"));
    }
}
