using System.Text;
using DailyPapers.Collect.ArxivListings;

namespace DailyPapers.Tests.Collect.ArxivListings;

public sealed class ArxivRssParserTests
{
    private static RssListing Read(string fixture)
    {
        using var stream = File.OpenRead(Path.Combine(ListingServer.FixtureFolder, fixture));
        return ArxivRssParser.Parse(stream, fixture);
    }

    [Fact]
    public void A_category_feed_reads_every_item_with_its_announce_type()
    {
        var listing = Read("cs.CL_2025-05-05.xml");

        Assert.Empty(listing.Problems);
        Assert.Equal(new DateTimeOffset(2025, 5, 5, 0, 0, 0, TimeSpan.FromHours(-4)), listing.PubDate);
        Assert.Equal(35, listing.Items.Count);
        Assert.Equal([("cross", 9), ("new", 24), ("replace", 2)], listing.Items.GroupBy(i => i.AnnounceType).Select(g => (g.Key, g.Count())).OrderBy(g => g.Key));
        var first = listing.Items[0];
        Assert.Equal(1, first.Id.Version);
        Assert.Equal("cs.CL", first.Categories[0]);
        Assert.NotEmpty(first.Authors);
        Assert.DoesNotContain(first.Authors, a => a.Contains(',', StringComparison.Ordinal));
        Assert.DoesNotContain("Announce Type", first.Abstract, StringComparison.Ordinal);
        Assert.All(listing.Items.Where(i => i.AnnounceType == "replace"), i => Assert.Equal(2, i.Id.Version));
    }

    [Fact]
    public void A_bad_item_is_reported_by_position_and_the_others_are_read()
    {
        var listing = Read("cs.CV_2025-05-05_bad-items.xml");

        Assert.Equal(4, listing.Items.Count);
        Assert.Equal([2, 4], listing.Problems.Select(p => p.RecordIndex));
        Assert.Contains("'not-an-id' is not an arXiv id", listing.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("no title", listing.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_announcement_day_is_a_feed_without_items()
    {
        var listing = Read("cs.CL_2025-12-26_empty.xml");
        Assert.Empty(listing.Items);
        Assert.Empty(listing.Problems);
        Assert.NotNull(listing.PubDate);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><item><title>", "not a well-formed RSS feed")]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", "expected <rss><channel>, found <feed>")]
    public void A_body_that_is_not_an_rss_listing_is_named(string body, string message)
    {
        var ex = Assert.Throws<ListingException>(() => ArxivRssParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(body)), "arXiv RSS cs.CL"));
        Assert.StartsWith("arXiv RSS cs.CL: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_announce_type_is_a_problem_of_that_item()
    {
        const string feed = """
            <rss xmlns:arxiv="http://arxiv.org/schemas/atom" version="2.0"><channel><pubDate>Mon, 05 May 2025 00:00:00 -0400</pubDate>
            <item><title>T</title><description>arXiv:2505.00734v1 Announce Type: retract 
            Abstract: x</description><guid isPermaLink="false">oai:arXiv.org:2505.00734v1</guid><arxiv:announce_type>retract</arxiv:announce_type></item>
            </channel></rss>
            """;
        var listing = ArxivRssParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(feed)), "f");
        Assert.Empty(listing.Items);
        Assert.Contains("announce type 'retract'", Assert.Single(listing.Problems).Message, StringComparison.Ordinal);
    }
}

public sealed class BuiltFeedTests
{
    [Fact]
    public void A_large_feed_built_from_the_real_listings_reads_back_whole()
    {
        var records = ListingServer.AllRecords().Take(600).ToList();
        var feed = ListingServer.BuildFeed("cs.CV", "Mon, 05 May 2025 00:00:00 -0400", records);

        var listing = ArxivRssParser.Parse(new MemoryStream(feed), "built");

        Assert.Empty(listing.Problems);
        Assert.Equal(records.Select(r => r.Id), listing.Items.Select(i => i.Id.Id));
        Assert.Equal(records.Count(r => r.Categories[0] != "cs.CV"), listing.Items.Count(i => i.AnnounceType == "cross"));
        Assert.Equal(records.Select(r => r.Authors), listing.Items.Select(i => i.Authors));
    }
}
