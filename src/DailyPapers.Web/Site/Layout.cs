namespace DailyPapers.Web.Site;

/// <summary>The page frame: head with the feeds advertised, the navigation bar and the footer with the subscribe links.</summary>
internal static class Layout
{
    public static string Page(string title, string? language, Action<Html> body, string? canonicalPath = null)
    {
        var html = new Html();
        var feedQuery = language is null ? "" : "?lang=" + Uri.EscapeDataString(language);
        html.Raw("<!DOCTYPE html>\n<html").Attr("lang", language ?? "en").Raw(">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Raw("<title>").Text(title).Raw("</title>\n")
            .Raw("<link rel=\"stylesheet\" href=\"/site.css\">\n")
            .Raw("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"DailyPapers (Atom)\"").Attr("href", "/feed.atom" + feedQuery).Raw(">\n")
            .Raw("<link rel=\"alternate\" type=\"application/feed+json\" title=\"DailyPapers (JSON Feed)\"").Attr("href", "/feed.json" + feedQuery).Raw(">\n");
        if (canonicalPath is not null) html.Raw("<link rel=\"canonical\"").Attr("href", canonicalPath).Raw(">\n");
        html.Raw("</head>\n<body>\n<header class=\"top\"><nav><a class=\"brand\" href=\"/\">DailyPapers</a> ")
            .Raw("<a href=\"/archive\">Archive</a> ")
            .Raw("<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" placeholder=\"Search papers\" aria-label=\"Search papers\"> <button type=\"submit\">Search</button></form>")
            .Raw("</nav></header>\n<main>\n");
        body(html);
        html.Raw("</main>\n<footer><p>Subscribe: ").Raw("<a class=\"subscribe\" rel=\"alternate\" type=\"application/atom+xml\"").Attr("href", "/feed.atom" + feedQuery).Raw(">Atom feed</a>")
            .Raw(" · <a rel=\"alternate\" type=\"application/feed+json\"").Attr("href", "/feed.json" + feedQuery).Raw(">JSON Feed</a>")
            .Raw(" · <a href=\"/api/openapi.json\">API</a></p>")
            .Raw("<p>Summaries are written by the configured summarizer and checked by the verifiers; flags mark what failed a check.</p></footer>\n</body>\n</html>\n");
        return html.ToString();
    }
}
