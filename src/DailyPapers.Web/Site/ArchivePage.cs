using System.Globalization;

namespace DailyPapers.Web.Site;

/// <summary>The archive: one month calendar per month that has stored days, newest first.</summary>
internal static class ArchivePage
{
    public static string Render(IReadOnlyList<DateOnly> dates)
    {
        var stored = dates.ToHashSet();
        return Layout.Page("Archive", null, html =>
        {
            html.Raw("<h1>Archive</h1>\n");
            if (dates.Count == 0) html.Raw("<p>No day is stored yet. Run <code>dailypapers digest</code> first.</p>\n");
            foreach (var month in dates.Select(d => new DateOnly(d.Year, d.Month, 1)).Distinct().OrderDescending())
            {
                html.Raw("<h2>").Text(month.ToString("MMMM yyyy", CultureInfo.InvariantCulture)).Raw("</h2>\n<table class=\"calendar\">\n<tr>");
                foreach (var name in new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" })
                    html.Raw("<th>").Raw(name).Raw("</th>");
                html.Raw("</tr>\n<tr>");
                var lead = ((int)month.DayOfWeek + 6) % 7;
                for (var i = 0; i < lead; i++) html.Raw("<td></td>");
                var days = DateTime.DaysInMonth(month.Year, month.Month);
                for (var d = 1; d <= days; d++)
                {
                    var date = new DateOnly(month.Year, month.Month, d);
                    if (stored.Contains(date))
                        html.Raw("<td class=\"has\"><a").Attr("href", "/" + Html.Day(date)).Raw(">").Number(d).Raw("</a></td>");
                    else
                        html.Raw("<td>").Number(d).Raw("</td>");
                    if ((lead + d) % 7 == 0 && d < days) html.Raw("</tr>\n<tr>");
                }
                html.Raw("</tr>\n</table>\n");
            }
        }, "/archive");
    }
}
