using System.Text.Json.Nodes;
using DailyPapers.Deliver;
using DailyPapers.Deliver.Channels;
using DailyPapers.Papers;
using DailyPapers.Publish;

namespace DailyPapers.Tests.Deliver;

public sealed class SlackMessageTests
{
    [Fact]
    public async Task A_hostile_title_is_escaped_in_the_notification_text_and_a_long_section_is_cut_without_splitting_an_entity()
    {
        // Given a paper whose title pings the channel and whose summary is 4,000 ampersands (each escapes to 5 characters)
        var entry = Fixtures.Entry("2408.00001", "<!channel> wake up & <https://evil.example|click>");
        var summary = new Summary
        {
            ArxivId = "2408.00001", Language = "en", Origin = new SummaryOrigin("test", "m", "p"),
            Sections = [new SummarySection(SectionNames.WhatsNew, new string('&', 4000))],
        };
        var published = new PublishedDay(new DateOnly(2024, 8, 15), "en", ["en"], [new PublishedItem(entry, summary, null)]);
        var day = DeliveryDay.For(published, new ChannelOptions(), null);

        // When Slack's messages are composed
        var messages = await new SlackChannel(null!).ComposeAsync("team", new ChannelOptions { Token = "xoxb-test" }, day, CancellationToken.None);

        // Then the reply's notification text carries the title escaped, and the section fits Slack's limit ending on whole entities
        var paper = (JsonObject)messages[1].Payload;
        var text = paper["text"]!.ToString();
        Assert.DoesNotContain("<!channel>", text, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; wake up &amp; &lt;https://evil.example|click&gt;", text, StringComparison.Ordinal);
        var section = paper["blocks"]![1]!["text"]!["text"]!.ToString();
        Assert.True(section.Length <= SlackChannel.MaxSectionText, $"{section.Length} characters");
        Assert.EndsWith("&amp;…", section, StringComparison.Ordinal);
    }
}
