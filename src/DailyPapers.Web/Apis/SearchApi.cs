using DailyPapers.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Apis;

/// <summary><c>/api/search?q=&amp;page=</c>: full-text search over titles, abstracts and summaries, bm25-ranked, paged.</summary>
internal static class SearchApi
{
    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", SearchAsync).WithTags("Search").WithName("Search").ProducesProblem(400)
            .WithSummary("Papers matching every word of q (\"quoted phrases\" kept), best first; snippets mark matches with U+E000 and U+E001.");
        return app;
    }

    private static async Task<Results<Ok<SearchPage>, ProblemHttpResult>> SearchAsync(string? q, int? page, int? pageSize, IPaperSearch search, IOptions<WebOptions> options, CancellationToken ct)
    {
        var size = pageSize ?? options.Value.SearchPageSize;
        if (size is < 1 or > 100)
            return Problems.Of(400, "Bad page size", $"pageSize {size} is out of range: 1 to 100");
        if (page is < 1)
            return Problems.Of(400, "Bad page", $"page {page} is out of range: pages start at 1");
        try
        {
            return TypedResults.Ok(await search.SearchAsync(q ?? "", page ?? 1, size, ct));
        }
        catch (SearchQueryException ex)
        {
            return Problems.Of(400, "Bad search query", ex.Message);
        }
    }
}
