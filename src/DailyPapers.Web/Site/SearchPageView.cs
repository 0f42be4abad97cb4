using DailyPapers.Storage;

namespace DailyPapers.Web.Site;

/// <summary>Search results with highlighted snippets and page links; or the form alone, or the query's problem.</summary>
internal static class SearchPageView
{
    public static string Render(string? query, SearchPage? results, string? problem)
    {
        return Layout.Page(string.IsNullOrWhiteSpace(query) ? "Search" : $"Search: {query}", null, html =>
        {
            html.Raw("<h1>Search</h1>\n<form action=\"/search\" method=\"get\" role=\"search\"><input type=\"search\" name=\"q\" aria-label=\"Search papers\"")
                .Attr("value", query).Raw("> <button type=\"submit\">Search</button></form>\n");
            if (problem is not null) html.Raw("<p class=\"missing\">").Text(problem).Raw("</p>\n");
            if (results is null) return;
            html.Raw("<p class=\"meta\">").Number(results.Total).Raw(results.Total == 1 ? " paper" : " papers").Raw(" match ").Raw("<q>").Text(results.Query).Raw("</q>")
                .Raw(results.Total > 0 ? $" (page {results.Page} of {results.PageCount})" : "").Raw("</p>\n");
            foreach (var hit in results.Hits)
            {
                html.Raw("<article class=\"paper hit\">\n<h3><a").Attr("href", "/papers/" + hit.ArxivId).Raw(">").Text(Papers.TextFolding.Fold(hit.Title)).Raw("</a></h3>\n<p>");
                Snippet(html, hit.Snippet);
                html.Raw("</p>\n<p class=\"meta\">arXiv ").Text(hit.ArxivId);
                if (hit.LastDay is { } day) html.Raw(" · ").Link("/" + Html.Day(day), Html.Day(day));
                html.Raw("</p>\n</article>\n");
            }
            var q = "/search?q=" + Uri.EscapeDataString(results.Query) + "&page=";
            html.Raw("<nav class=\"pager\" aria-label=\"Result pages\"><span>");
            if (results.Page > 1) html.Raw("<a rel=\"prev\"").Attr("href", q + (results.Page - 1)).Raw(">← Previous</a>");
            html.Raw("</span><span>");
            if (results.Page < results.PageCount) html.Raw("<a rel=\"next\"").Attr("href", q + (results.Page + 1)).Raw(">Next →</a>");
            html.Raw("</span></nav>\n");
        });
    }

    /// <summary>Writes the snippet encoded, turning the store's private-use match markers into &lt;mark&gt;.</summary>
    private static void Snippet(Html html, string snippet)
    {
        var parts = snippet.Split(SearchHit.MarkStart);
        html.Text(parts[0]);
        foreach (var part in parts.Skip(1))
        {
            var end = part.IndexOf(SearchHit.MarkEnd, StringComparison.Ordinal);
            if (end < 0) { html.Raw("<mark>").Text(part).Raw("</mark>"); continue; }
            html.Raw("<mark>").Text(part[..end]).Raw("</mark>").Text(part[(end + 1)..]);
        }
    }
}
