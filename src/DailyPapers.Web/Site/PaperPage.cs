using DailyPapers.Papers;

namespace DailyPapers.Web.Site;

/// <summary>A paper's page: every summary by language, the abstract, links (arXiv, PDF, code) and the days it appeared.</summary>
internal static class PaperPage
{
    public static string Render(PaperView view)
    {
        var paper = view.Paper;
        return Layout.Page(paper.FoldedTitle, view.Summaries.FirstOrDefault()?.Language, html =>
        {
            html.Raw("<article class=\"paper\">\n<h1>").Link(paper.AbsUrl, paper.FoldedTitle).Raw("</h1>\n")
                .Raw("<p class=\"meta\">Authors: ").Text(string.Join(", ", paper.Authors.Select(TextFolding.Fold))).Raw("</p>\n")
                .Raw("<p class=\"meta\">arXiv ").Text(paper.ArxivId).Raw(" · ").Link(paper.AbsUrl, "arXiv").Raw(" · ")
                .Link(Html.SafeUrl(paper.Arxiv?.PdfUrl) ?? $"https://arxiv.org/pdf/{paper.ArxivId}", "PDF");
            foreach (var link in paper.Links.Where(l => Html.SafeUrl(l.Url) is not null))
                html.Raw(" · ").Link(Html.SafeUrl(link.Url)!, link.Kind == LinkKind.Code ? "Code" : link.Kind.ToString(), "nofollow");
            html.Raw("</p>\n");
            foreach (var summary in view.Summaries)
            {
                html.Raw("<section").Attr("id", "summary-" + summary.Language).Raw(">\n<h2>Summary (").Text(summary.Language).Raw(")</h2>\n");
                DayPage.Flags(html, summary.Findings);
                DayPage.Sections(html, summary);
                html.Raw("<p class=\"meta\">By ").Text($"{summary.Origin.Summarizer} ({summary.Origin.Model}, {summary.Origin.PromptVersion})").Raw("</p>\n</section>\n");
            }
            if (view.Summaries.Count == 0) html.Raw("<p class=\"missing\">No summary stored yet.</p>\n");
            html.Raw("<section>\n<h2>Abstract</h2>\n<p lang=\"en\">").Text(TextFolding.Fold(paper.Abstract)).Raw("</p>\n</section>\n");
            html.Raw("<section>\n<h2>Featured on</h2>\n<ul>\n");
            foreach (var day in view.Days)
                html.Raw("<li><a").Attr("href", $"/{Html.Day(day)}#{paper.ArxivId}").Raw(">").Text(Html.Day(day)).Raw("</a></li>\n");
            html.Raw("</ul>\n</section>\n</article>\n");
        }, "/papers/" + paper.ArxivId);
    }
}
