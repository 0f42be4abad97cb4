using DailyPapers.Papers;
using DailyPapers.Web.Site;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Web.Apis;

/// <summary><c>/api/papers/{arxivId}</c>: a paper with every summary and the days it appeared.</summary>
internal static class PapersApi
{
    public static IEndpointRouteBuilder MapPapersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/papers/{arxivId}", GetPaperAsync).WithTags("Papers").WithName("GetPaper").ProducesProblem(400).ProducesProblem(404)
            .WithSummary("A paper: abstract, links, newest summary per language, the days it was featured.");
        return app;
    }

    private static async Task<Results<Ok<PaperResponse>, ProblemHttpResult>> GetPaperAsync(string arxivId, SiteData data, CancellationToken ct)
    {
        if (!ArxivId.TryParse(arxivId, out var id))
            return Problems.Of(400, "Bad arXiv id", $"'{arxivId}' is not an arXiv id (expected e.g. 2408.07246)");
        return await data.GetPaperAsync(id.Id, ct) is { } view
            ? TypedResults.Ok(PaperResponse.From(view))
            : Problems.Of(404, "Paper not found", $"arXiv {id.Id} is not in the store");
    }
}
