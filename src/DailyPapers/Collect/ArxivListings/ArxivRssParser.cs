using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using DailyPapers.Papers;

namespace DailyPapers.Collect.ArxivListings;

/// <summary>One item of an arXiv RSS listing.</summary>
public sealed record RssItem(ArxivId Id, string Title, string Abstract, IReadOnlyList<string> Authors, IReadOnlyList<string> Categories, string AnnounceType)
{
    /// <summary>A replacement (<c>replace</c> or <c>replace-cross</c>).</summary>
    public bool IsReplacement => AnnounceType.StartsWith("replace", StringComparison.Ordinal);
}

/// <summary>A category's RSS listing: the day it is dated, its items and the items that could not be read.</summary>
public sealed record RssListing(DateTimeOffset? PubDate, IReadOnlyList<RssItem> Items, IReadOnlyList<FeedProblem> Problems);

/// <summary>The listing is not an arXiv RSS feed at all (not XML, not RSS, cut short).</summary>
public sealed class ListingException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads arXiv's RSS 2.0 listings (rss.arxiv.org, 2024 format): <c>channel/pubDate</c> dates the announcement, each
/// <c>item</c> has a title, <c>description</c> "arXiv:ID Announce Type: TYPE \nAbstract: TEXT", a <c>guid</c>
/// <c>oai:arXiv.org:ID</c>, <c>category</c> elements, <c>dc:creator</c> (authors, comma-separated) and
/// <c>arxiv:announce_type</c> (new, cross, replace, replace-cross). A bad item is reported by its position and the rest is read.
/// </summary>
public static partial class ArxivRssParser
{
    private static readonly XNamespace Ax = "http://arxiv.org/schemas/atom";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly string[] Types = ["new", "cross", "replace", "replace-cross"];

    [GeneratedRegex(@"^arXiv:(?<id>\S+)\s+Announce Type:\s*(?<type>\S+)\s*(?:Abstract:\s*(?<abs>.*))?$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Description();

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericOffset();

    /// <summary>Parses a listing; <paramref name="source"/> names it in messages.</summary>
    public static RssListing Parse(Stream body, string source)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(body, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw new ListingException($"{source}: not a well-formed RSS feed ({ex.Message})", ex);
        }
        var channel = doc.Root is { Name.LocalName: "rss" } rss ? rss.Element("channel") : null;
        if (channel is null)
            throw new ListingException($"{source}: expected <rss><channel>, found <{doc.Root?.Name.LocalName}>");
        var pubDateText = (string?)channel.Element("pubDate");
        var pubDate = ParseDate(pubDateText);
        var problems = new List<FeedProblem>();
        if (pubDateText is not null && pubDate is null)
            problems.Add(new FeedProblem(source, null, $"channel pubDate '{pubDateText}' is not an RFC 822 date"));
        var items = new List<RssItem>();
        var index = 0;
        foreach (var item in channel.Elements("item"))
        {
            try
            {
                items.Add(ReadItem(item));
            }
            catch (FormatException ex)
            {
                problems.Add(new FeedProblem(source, index, ex.Message));
            }
            index++;
        }
        return new RssListing(pubDate, items, problems);
    }

    private static RssItem ReadItem(XElement item)
    {
        var description = ((string?)item.Element("description") ?? "").Trim();
        var match = Description().Match(description);
        var guid = ((string?)item.Element("guid") ?? "").Trim();
        var idText = guid.StartsWith("oai:arXiv.org:", StringComparison.Ordinal) ? guid["oai:arXiv.org:".Length..]
            : match.Success ? match.Groups["id"].Value
            : "";
        if (!ArxivId.TryParse(idText, out var id))
            throw new FormatException(idText.Length == 0 ? "no arXiv id (neither guid oai:arXiv.org:ID nor description 'arXiv:ID')" : $"'{idText}' is not an arXiv id");
        var title = TextFolding.Fold((string?)item.Element("title") ?? "").Trim();
        if (title.Length == 0) throw new FormatException($"{id}: no title");
        var type = ((string?)item.Element(Ax + "announce_type") ?? (match.Success ? match.Groups["type"].Value : "")).Trim();
        if (!Types.Contains(type, StringComparer.Ordinal))
            throw new FormatException($"{id}: announce type '{type}' is none of {string.Join(", ", Types)}");
        var abstractText = match.Success && match.Groups["abs"].Success ? match.Groups["abs"].Value.Trim() : "";
        var authors = ((string?)item.Element(Dc + "creator") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => a.StartsWith("and ", StringComparison.Ordinal) ? a[4..].Trim() : a)
            .Where(a => a.Length > 0)
            .ToList();
        var categories = item.Elements("category").Select(c => c.Value.Trim()).Where(c => c.Length > 0).ToList();
        return new RssItem(id, title, abstractText, authors, categories, type);
    }

    /// <summary>An RFC 822 date as RSS writes it (<c>Thu, 18 Sep 2025 00:00:00 -0400</c>), or null.</summary>
    public static DateTimeOffset? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var normal = NumericOffset().Replace(text.Trim(), "$1:$2");
        return DateTimeOffset.TryParseExact(normal, ["ddd, dd MMM yyyy HH:mm:ss zzz", "ddd, d MMM yyyy HH:mm:ss zzz", "dd MMM yyyy HH:mm:ss zzz"],
            CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out d) ? d : null;
    }
}
