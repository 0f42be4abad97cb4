using DailyPapers.Tests.Cli;

namespace DailyPapers.Tests.Deliver;

/// <summary>The <c>deliver</c> command's checks: settings at start, the date, the channel name.</summary>
public sealed class DeliverCommandTests
{
    [Theory]
    [InlineData("Kind", "pigeon", "DailyPapers:Channels:team:Kind must be one of slack, email, discord, telegram, webhook")]
    [InlineData("To", "", "DailyPapers:Channels:team:To (the Slack channel id) is required with a bot token")]
    [InlineData("Url", "ftp://hooks.example/SECRET-IN-URL", "DailyPapers:Channels:team:Url (the Slack Web API base) is not an absolute http(s) URL")]
    [InlineData("Top", "-1", "DailyPapers:Channels:team:Top must be 0 (all) or more")]
    [InlineData("Language", "klingon", "DailyPapers:Channels:team:Language")]
    public async Task A_bad_channel_setting_fails_at_start_naming_its_key_and_never_echoing_a_secret(string key, string value, string message)
    {
        // Given a Slack channel with one bad setting
        var settings = new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = Live.LiveHost.NewStore(),
            ["DAILYPAPERS__CHANNELS__team__KIND"] = "slack",
            ["DAILYPAPERS__CHANNELS__team__TOKEN"] = "xoxb-never-echoed",
            ["DAILYPAPERS__CHANNELS__team__TO"] = "C0123",
            [$"DAILYPAPERS__CHANNELS__team__{key.ToUpperInvariant()}"] = value,
        };

        // When any command starts
        var result = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15");

        // Then it exits 2 with one line naming the key, and neither the token nor the URL is shown
        Assert.Equal(2, result.ExitCode);
        Assert.True(result.Stderr.Contains(message, StringComparison.Ordinal), result.Stderr);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxb-never-echoed", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-IN-URL", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_channel_a_day_not_stored_and_no_channel_at_all_are_refused_with_exit_2()
    {
        // Given a store holding the sample day and one configured channel
        var store = await DeliveryStore.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = store,
            ["DailyPapers:Channels:team:Kind"] = "webhook",
            ["DailyPapers:Channels:team:Url"] = OfflineSettings.ClosedPort + "/hook",
        };

        // When a channel that is not configured, a day that is not stored, and no channel at all are asked for
        var unknown = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-15", "--channel", "nope");
        var missingDay = await CliRunner.RunAsync(settings, "deliver", "--date", "2024-08-16");
        var none = await CliRunner.RunAsync(store, "deliver", "--date", "2024-08-15");
        var badDate = await CliRunner.RunAsync(store, "deliver", "--date", "15/08/2024");

        // Then each exits 2 saying what to do
        Assert.Equal((2, 2, 2, 2), (unknown.ExitCode, missingDay.ExitCode, none.ExitCode, badDate.ExitCode));
        Assert.Contains("no channel 'nope' in DailyPapers:Channels (configured: team)", unknown.Stderr, StringComparison.Ordinal);
        Assert.Contains("no papers are stored for 2024-08-16", missingDay.Stderr, StringComparison.Ordinal);
        Assert.Contains("no channel is configured", none.Stderr, StringComparison.Ordinal);
        Assert.Contains("--date '15/08/2024' is not a date", badDate.Stderr, StringComparison.Ordinal);
    }
}
