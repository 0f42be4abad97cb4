namespace DailyPapers.Web.Site;

/// <summary>A plain page for "not found" and other messages a reader may meet.</summary>
internal static class MessagePage
{
    public static string Render(string title, string message) => Layout.Page(title, null, html =>
        html.Raw("<h1>").Text(title).Raw("</h1>\n<p>").Text(message).Raw("</p>\n<p><a href=\"/archive\">Browse the archive</a></p>\n"));
}
