using DailyPapers.Papers;
using DailyPapers.Rank;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Web.Apis;

/// <summary>A stored paper close to the asked one: id, title, authors, the cosine of their vectors, and its page.</summary>
public sealed record SimilarPaperResponse(string ArxivId, string Title, IReadOnlyList<string> Authors, double Similarity, string ArxivUrl);

/// <summary>The papers nearest one paper, best first, and the encoder model whose vectors were compared.</summary>
public sealed record SimilarPapersResponse(string ArxivId, string Model, IReadOnlyList<SimilarPaperResponse> Papers);

/// <summary><c>/api/papers/{arxivId}/similar?count=</c>: the stored papers nearest a paper by title + abstract vector.</summary>
internal static class SimilarApi
{
    public static IEndpointRouteBuilder MapSimilarApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/papers/{arxivId}/similar", SimilarAsync).WithTags("Papers").WithName("GetSimilarPapers").ProducesProblem(400).ProducesProblem(404)
            .WithSummary($"The stored papers nearest a paper by title + abstract vector (exact cosine), best first; count 1 to {SimilarPapers.MaxCount}, default {SimilarPapers.DefaultCount}.");
        return app;
    }

    private static async Task<Results<Ok<SimilarPapersResponse>, ProblemHttpResult>> SimilarAsync(string arxivId, int? count, SimilarPapers similar, ITextEncoder encoder, CancellationToken ct)
    {
        if (!ArxivId.TryParse(arxivId, out var id))
            return Problems.Of(400, "Bad arXiv id", $"'{arxivId}' is not an arXiv id (expected e.g. 2408.07246)");
        if (count is < 1 or > SimilarPapers.MaxCount)
            return Problems.Of(400, "Bad count", $"count {count} is out of range: 1 to {SimilarPapers.MaxCount}");
        return await similar.FindAsync(id.Id, count ?? SimilarPapers.DefaultCount, ct) is { } found
            ? TypedResults.Ok(new SimilarPapersResponse(id.Id, encoder.Model,
                [.. found.Select(s => new SimilarPaperResponse(s.Paper.ArxivId, s.Paper.FoldedTitle, s.Paper.Authors, Math.Round(s.Similarity, 4), s.Paper.AbsUrl))]))
            : Problems.Of(404, "Paper not found", $"arXiv {id.Id} is not in the store");
    }
}
