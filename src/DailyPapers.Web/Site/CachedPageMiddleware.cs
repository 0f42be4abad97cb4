namespace DailyPapers.Web.Site;

/// <summary>
/// The fast path of a page already rendered: a plain <c>GET</c> or <c>HEAD</c> (no query string) whose path is the key
/// of a page in the <see cref="PageCache"/>, still fresh for the store, is answered here, before routing, binding and
/// the endpoint's result, with the same bytes, headers, ETag and 304 as the endpoint would give. Anything else (a
/// miss, a stale page, a query, another method) goes down the pipeline unchanged, where the endpoint renders and keeps
/// the page. Nothing is added to the cache here, so made-up paths cost one dictionary lookup.
/// </summary>
internal sealed class CachedPageMiddleware(RequestDelegate next, PageCache cache)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.QueryString.HasValue || request.Path.Value is not { Length: > 0 } path
            || !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
            return next(context);
        var lookup = cache.TryGetAsync(path, context.RequestAborted);
        if (lookup.IsCompletedSuccessfully)
            return lookup.Result is { } page ? Write(context, page) : next(context);
        return AwaitLookupAsync(context, lookup);
    }

    private async Task AwaitLookupAsync(HttpContext context, ValueTask<RenderedPage?> lookup)
    {
        if (await lookup.ConfigureAwait(false) is { } page) await Write(context, page).ConfigureAwait(false);
        else await next(context).ConfigureAwait(false);
    }

    private static Task Write(HttpContext context, RenderedPage page)
    {
        SecurityHeaders.Set(context);
        return RenderedPageResult.WriteAsync(context, page);
    }
}
