using System.ServiceModel.Syndication;
using System.Xml;
using DailyPapers.Web.Feeds;

namespace DailyPapers.Web.Tests.Units;

public sealed class AtomFeedTests
{
    [Fact]
    public void Control_characters_in_paper_text_do_not_take_the_feed_down()
    {
        // Given a paper whose title, author and summary carry characters XML cannot hold
        var item = new FeedItem("tag:x,2024:1", "Bad\u0001title \ud800 end", "http://127.0.0.1/papers/2408.00001", "https://arxiv.org/abs/2408.00001",
            "summary\u0008", "<p>text\u0007</p>", new DateOnly(2024, 8, 15), new DateTimeOffset(2024, 8, 15, 0, 0, 0, TimeSpan.Zero), ["A\u0002 Author"], null, "en");

        // When the Atom feed is written and read back
        var xml = AtomFeed.Write([item], "http://127.0.0.1", "http://127.0.0.1/feed.atom", "en");
        var feed = SyndicationFeed.Load(XmlReader.Create(new StringReader(xml)));

        // Then the entry is there with each bad character replaced
        var entry = Assert.Single(feed.Items);
        Assert.Equal("Bad\uFFFDtitle \uFFFD end", entry.Title.Text);
        Assert.Equal("A\uFFFD Author", Assert.Single(entry.Authors).Name);
        Assert.Equal("<p>text\uFFFD</p>", ((TextSyndicationContent)entry.Content).Text);
        Assert.Equal("summary\uFFFD", entry.Summary.Text);
    }
}
