using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using DailyPapers.Papers;

namespace DailyPapers.Collect.Arxiv;

/// <summary>
/// Reads arXiv API Atom feeds, current (2025-26) and legacy (2016) formats. An error feed (an entry whose id is under
/// <c>/api/errors</c>) throws <see cref="ArxivApiException"/> with arXiv's message; malformed XML does too.
/// </summary>
public static class ArxivAtomParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Ax = "http://arxiv.org/schemas/atom";
    private static readonly XNamespace Os = "http://a9.com/-/spec/opensearch/1.1/";

    /// <summary>Parses a response body; <paramref name="source"/> names it in errors.</summary>
    public static ArxivPage Parse(Stream body, string source)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(body, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw new ArxivApiException($"{source}: not a well-formed Atom feed ({ex.Message})", ex);
        }
        var feed = doc.Root;
        if (feed is null || feed.Name != Atom + "feed")
            throw new ArxivApiException($"{source}: expected an Atom <feed>, found <{feed?.Name.LocalName}>");

        var entries = new List<ArxivEntry>();
        foreach (var e in feed.Elements(Atom + "entry"))
        {
            var id = (string?)e.Element(Atom + "id") ?? "";
            if (id.Contains("/api/errors", StringComparison.Ordinal))
                throw new ArxivApiException($"{source}: arXiv error: {Fold(e.Element(Atom + "summary"))}");
            entries.Add(ReadEntry(e, id, source));
        }
        return new ArxivPage(entries, Int(feed, "totalResults") ?? entries.Count, Int(feed, "startIndex") ?? 0, Int(feed, "itemsPerPage") ?? entries.Count);
    }

    private static ArxivEntry ReadEntry(XElement e, string id, string source)
    {
        var raw = id.Contains("/abs/", StringComparison.Ordinal) ? id[(id.IndexOf("/abs/", StringComparison.Ordinal) + 5)..] : id;
        if (!ArxivId.TryParse(raw, out var arxivId))
            throw new ArxivApiException($"{source}: entry id '{id}' is not an arXiv abstract URL");
        var primary = (string?)e.Element(Ax + "primary_category")?.Attribute("term");
        var categories = e.Elements(Atom + "category").Select(c => (string?)c.Attribute("term")).OfType<string>().ToList();
        if (primary is not null)
        {
            categories.Remove(primary);
            categories.Insert(0, primary);
        }
        var pdf = e.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("title") == "pdf"
                      || ((string?)l.Attribute("href"))?.Contains("/pdf/", StringComparison.Ordinal) == true);
        return new ArxivEntry
        {
            Id = arxivId,
            Title = Fold(e.Element(Atom + "title")),
            Summary = ((string?)e.Element(Atom + "summary"))?.Trim() ?? "",
            Authors = [.. e.Elements(Atom + "author").Select(a => Fold(a.Element(Atom + "name"))).Where(n => n.Length > 0)],
            Published = Time(e.Element(Atom + "published")),
            Updated = Time(e.Element(Atom + "updated")),
            Categories = categories,
            Comment = Optional(e.Element(Ax + "comment")),
            JournalRef = Optional(e.Element(Ax + "journal_ref")),
            Doi = Optional(e.Element(Ax + "doi")),
            PdfUrl = (string?)pdf?.Attribute("href"),
        };
    }

    private static int? Int(XElement feed, string name) =>
        int.TryParse((string?)feed.Element(Os + name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Fold(XElement? e) => TextFolding.Fold((string?)e);

    private static string? Optional(XElement? e) => Fold(e) is { Length: > 0 } s ? s : null;

    private static DateTimeOffset? Time(XElement? e) =>
        DateTimeOffset.TryParse((string?)e, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUniversalTime() : null;
}
