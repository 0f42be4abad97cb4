using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;

namespace DailyPapers.Web.Feeds;

/// <summary>Writes the Atom 1.0 feed with System.ServiceModel.Syndication (text is escaped by the XML writer).</summary>
public static class AtomFeed
{
    /// <summary>The feed document as UTF-8 text; a <paramref name="profile"/>'s feed has its own title and id.</summary>
    public static string Write(IReadOnlyList<FeedItem> items, string baseUrl, string selfUrl, string? language, string? profile = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        var updated = items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(i => i.Published);
        var feed = new SyndicationFeed(
            XmlSafe(FeedText.Title(profile, language)), FeedText.Description(profile),
            new Uri(baseUrl + "/"), "tag:dailypapers,2024:feed" + (profile is null ? "" : ":for:" + Uri.EscapeDataString(profile)) + (language is null ? "" : ":" + language), updated)
        {
            Language = language,
            Generator = "DailyPapers",
        };
        feed.Links.Add(new SyndicationLink(new Uri(selfUrl)) { RelationshipType = "self", MediaType = "application/atom+xml" });
        feed.Items = items.Select(i =>
        {
            var entry = new SyndicationItem(XmlSafe(i.Title), new TextSyndicationContent(XmlSafe(i.ContentHtml), TextSyndicationContentKind.Html), new Uri(i.PaperUrl), i.Id, i.Published)
            {
                PublishDate = i.Published,
                Summary = new TextSyndicationContent(XmlSafe(i.Summary)),
            };
            entry.Links.Add(new SyndicationLink(new Uri(i.ArxivUrl)) { RelationshipType = "related", Title = "arXiv" });
            foreach (var author in i.Authors) entry.Authors.Add(new SyndicationPerson { Name = XmlSafe(author) });
            entry.Categories.Add(new SyndicationCategory(Site.Html.Day(i.Day)));
            return entry;
        }).ToList();

        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(sb, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = true }))
            new Atom10FeedFormatter(feed).WriteTo(writer);
        // StringBuilder output declares utf-16; the bytes sent are UTF-8.
        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal);
    }

    // Feed and model text may hold characters XML cannot carry (control characters, lone surrogates); one of them
    // would make the writer throw and take the whole feed down, so each is replaced by U+FFFD.
    internal static string XmlSafe(string text)
    {
        if (text.All(XmlConvert.IsXmlChar)) return text;
        var sb = new StringBuilder(text.Length);
        for (var k = 0; k < text.Length; k++)
        {
            var c = text[k];
            if (char.IsHighSurrogate(c) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1])) { sb.Append(c).Append(text[++k]); continue; }
            sb.Append(XmlConvert.IsXmlChar(c) ? c : '\uFFFD');
        }
        return sb.ToString();
    }
}
