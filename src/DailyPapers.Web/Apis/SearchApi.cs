using DailyPapers.Rank;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Apis;

/// <summary><c>/api/search?q=&amp;page=&amp;mode=</c>: keyword (bm25), semantic (vectors) or hybrid (both, reciprocal rank fusion) search, paged.</summary>
internal static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", SearchAsync).WithTags("Search").WithName("Search").ProducesProblem(400)
            .WithSummary("Papers for q, best first (score: lower is better). mode=keyword (default): every word of q required (\"quoted phrases\" kept), bm25; " +
                "semantic: nearest title + abstract vectors; hybrid: both fused by reciprocal rank. Snippets mark keyword matches with U+E000 and U+E001.");
        return app;
    }

    private static async Task<Results<Ok<SearchPage>, ProblemHttpResult>> SearchAsync(string? q, int? page, int? pageSize, string? mode, HybridSearch search, IOptions<WebOptions> options, CancellationToken ct)
    {
        SearchMode how;
        try
        {
            how = SearchModes.Parse(mode);
        }
        catch (SearchQueryException ex)
        {
            return Problems.Of(400, "Bad search mode", ex.Message);
        }
        var size = pageSize ?? options.Value.SearchPageSize;
        if (size is < 1 or > 100)
            return Problems.Of(400, "Bad page size", $"pageSize {size} is out of range: 1 to 100");
        if (page is < 1)
            return Problems.Of(400, "Bad page", $"page {page} is out of range: pages start at 1");
        try
        {
            return TypedResults.Ok(await search.SearchAsync(q ?? "", how, page ?? 1, size, ct));
        }
        catch (SearchQueryException ex)
        {
            return Problems.Of(400, "Bad search query", ex.Message);
        }
    }
}
