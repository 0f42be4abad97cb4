using DailyPapers.Papers;

namespace DailyPapers.Web.Site;

/// <summary>The day page in the reference's order: linked title, thumbnail or video, votes, authors, the sections.</summary>
internal static class DayPage
{
    public static string Render(DayView day)
    {
        var date = Html.Day(day.Date);
        return Layout.Page($"Daily Papers ({date})", day.Language, html =>
        {
            html.Raw("<h1>Daily Papers (").Text(date).Raw(")</h1>\n");
            Languages(html, day);
            DayLinks(html, day);
            foreach (var item in day.Items)
                Item(html, item);
            DayLinks(html, day);
        }, "/" + date);
    }

    private static void Languages(Html html, DayView day)
    {
        if (day.Languages.Count < 2) return;
        html.Raw("<p class=\"langs\">Language: ");
        foreach (var lang in day.Languages)
        {
            if (string.Equals(lang, day.Language, StringComparison.OrdinalIgnoreCase))
                html.Raw("<strong>").Text(lang).Raw("</strong>");
            else
                html.Raw("<a hreflang=\"").Text(lang).Raw("\"").Attr("href", $"/{Html.Day(day.Date)}?lang={Uri.EscapeDataString(lang)}").Raw(">").Text(lang).Raw("</a>");
        }
        html.Raw("</p>\n");
    }

    private static void DayLinks(Html html, DayView day)
    {
        var lang = day.Languages.Count > 1 && day.Language is not null ? "?lang=" + Uri.EscapeDataString(day.Language) : "";
        html.Raw("<nav class=\"pager\" aria-label=\"Days\"><span>");
        if (day.Previous is { } p) html.Raw("<a rel=\"prev\"").Attr("href", "/" + Html.Day(p) + lang).Raw(">← ").Text(Html.Day(p)).Raw("</a>");
        html.Raw("</span><span>");
        if (day.Next is { } n) html.Raw("<a rel=\"next\"").Attr("href", "/" + Html.Day(n) + lang).Raw(">").Text(Html.Day(n)).Raw(" →</a>");
        html.Raw("</span></nav>\n");
    }

    private static void Item(Html html, DayItem item)
    {
        var entry = item.Entry;
        var paper = entry.Paper;
        html.Raw("<article class=\"paper\"").Attr("id", paper.ArxivId).Raw(">\n<h3>").Link(paper.AbsUrl, paper.FoldedTitle).Raw("</h3>\n");
        if (Html.SafeUrl(entry.MediaUrl) is { } media)
        {
            if (entry.MediaIsVideo)
                html.Raw("<video controls muted playsinline preload=\"none\"").Attr("src", media).Raw("></video>\n");
            else
                html.Raw("<img loading=\"lazy\" alt=\"\"").Attr("src", media).Raw(">\n");
        }
        html.Raw("<p class=\"meta\">Vote: ").Number(entry.Upvotes).Raw("</p>\n")
            .Raw("<p class=\"meta\">Authors: ").Text(string.Join(", ", paper.Authors.Select(TextFolding.Fold))).Raw("</p>\n");
        if (item.Summary is { } summary)
        {
            if (item.MissingReason is not null)
                html.Raw("<p class=\"missing\">").Text($"{item.MissingReason}; shown in '{summary.Language}' instead.").Raw("</p>\n");
            Flags(html, summary.Findings);
            Sections(html, summary);
        }
        else
        {
            html.Raw("<p class=\"missing\">Summary unavailable: ").Text(item.MissingReason).Raw("</p>\n");
        }
        html.Raw("<p class=\"meta\">").Raw("<a").Attr("href", "/papers/" + paper.ArxivId).Raw(">Paper page</a> · ")
            .Link($"https://arxiv.org/pdf/{paper.ArxivId}", "PDF");
        html.Raw("</p>\n</article>\n");
    }

    /// <summary>The summary's sections as the reference's bullet list: bold name, Markdown text.</summary>
    public static void Sections(Html html, Summary summary)
    {
        html.Raw("<ul class=\"sections\"").Attr("lang", summary.Language).Raw(">\n");
        foreach (var section in summary.Sections)
            html.Raw("<li><strong>").Text(section.Name).Raw("</strong>: ").Raw(SummaryMarkdown.ToInlineHtml(section.Text)).Raw("</li>\n");
        html.Raw("</ul>\n");
    }

    /// <summary>What the verifiers found, most severe first; nothing when the summary passed every check.</summary>
    public static void Flags(Html html, IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0) return;
        html.Raw("<div class=\"flags\" role=\"note\"><strong>Verification flags</strong><ul>\n");
        foreach (var f in findings.OrderByDescending(f => f.Severity))
        {
            var severity = f.Severity.ToString().ToLowerInvariant();
            html.Raw("<li").Attr("class", severity).Raw(">").Text(f.Severity.ToString()).Raw(" · ").Text($"{f.Kind} in {f.Section}: ").Raw("<q>").Text(f.Text).Raw("</q>");
            if (!string.IsNullOrWhiteSpace(f.Message)) html.Raw(" — ").Text(f.Message);
            html.Raw("</li>\n");
        }
        html.Raw("</ul></div>\n");
    }
}
