using DailyPapers.Papers;
using DailyPapers.Web.Site;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Web.Apis;

/// <summary><c>/api/papers/{arxivId}</c> (or a DOI): a paper with every summary and the days it appeared.</summary>
internal static class PapersApi
{
    public static IEndpointRouteBuilder MapPapersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/papers/{arxivId}", GetPaperAsync).WithTags("Papers").WithName("GetPaper").ProducesProblem(400).ProducesProblem(404)
            .WithSummary("A paper: abstract, links, newest summary per language, the days it was featured.");
        // A DOI (bioRxiv, medRxiv) holds one '/': its prefix and suffix are two segments.
        app.MapGet("/api/papers/{prefix:regex(^10\\.\\d{{4,9}}$)}/{suffix}", (string prefix, string suffix, SiteData data, CancellationToken ct) => GetPaperAsync(prefix + "/" + suffix, data, ct))
            .WithTags("Papers").WithName("GetPaperByDoi").ProducesProblem(400).ProducesProblem(404)
            .WithSummary("A paper known by its DOI (bioRxiv, medRxiv), as GET /api/papers/{arxivId} gives one.");
        return app;
    }

    private static async Task<Results<Ok<PaperResponse>, ProblemHttpResult>> GetPaperAsync(string arxivId, SiteData data, CancellationToken ct)
    {
        if (Doi.PaperKey(arxivId) is not { } id)
            return Problems.Of(400, "Bad arXiv id", $"'{arxivId}' is not an arXiv id (expected e.g. 2408.07246) or a DOI (e.g. 10.1101/2021.01.08.425967)");
        return await data.GetPaperAsync(id, ct) is { } view
            ? TypedResults.Ok(PaperResponse.From(view))
            : Problems.Of(404, "Paper not found", $"{(Doi.IsDoi(id) ? "DOI" : "arXiv")} {id} is not in the store");
    }
}
