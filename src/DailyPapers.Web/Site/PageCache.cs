using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DailyPapers.Storage;

namespace DailyPapers.Web.Site;

/// <summary>A rendered response: status, content type, body bytes and their ETag.</summary>
public sealed record RenderedPage(int StatusCode, string ContentType, byte[] Body, string ETag)
{
    /// <summary>A UTF-8 page with a strong ETag over its bytes.</summary>
    public static RenderedPage From(string text, string contentType, int statusCode = StatusCodes.Status200OK)
    {
        var body = Encoding.UTF8.GetBytes(text);
        return new RenderedPage(statusCode, contentType, body, "\"" + Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 12)) + "\"");
    }
}

/// <summary>
/// Rendered pages kept until the store changes: each entry remembers the store's change stamp it was rendered at,
/// so a write by a run, by this process or by the CLI in another one, makes the next request render afresh.
/// Only successful pages are kept: error pages for made-up dates, ids or languages are rendered each time, so
/// requests for them cannot crowd the real pages out.
/// </summary>
public sealed class PageCache(IPaperSearch store)
{
    private const int MaxEntries = 2048;

    /// <summary>How many pages are kept now.</summary>
    public int Count => _entries.Count;
    private readonly ConcurrentDictionary<string, (StoreStamp Stamp, RenderedPage Page)> _entries = new(StringComparer.Ordinal);

    /// <summary>The page kept for <paramref name="key"/> if the store has not changed since it was rendered, else null.</summary>
    public async ValueTask<RenderedPage?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(key, out var hit)) return null;
        var stamp = await store.GetChangeStampAsync(cancellationToken).ConfigureAwait(false);
        return hit.Stamp == stamp ? hit.Page : null;
    }

    /// <summary>
    /// The cached page for <paramref name="key"/> if the store has not changed since, else a fresh render. Requests for
    /// the same page at the same store state share one render: after a write, the requests that all miss at once (8
    /// connections of the soak on one feed) wait for the first one's render instead of each rendering the page. The
    /// shared render is not cancelled when one of its requests leaves (a page render is short and its result is kept);
    /// each request stops waiting when it is cancelled. A render that fails fails the requests waiting for it, and the
    /// next request renders again.
    /// </summary>
    public async ValueTask<RenderedPage> GetOrRenderAsync(string key, Func<CancellationToken, Task<RenderedPage>> render, CancellationToken cancellationToken)
    {
        var stamp = await store.GetChangeStampAsync(cancellationToken).ConfigureAwait(false);
        if (_entries.TryGetValue(key, out var hit) && hit.Stamp == stamp)
            return hit.Page;
        Lazy<Task<RenderedPage>>? mine = null;
        mine = new Lazy<Task<RenderedPage>>(() => RenderAndKeepAsync(key, stamp, render, mine!), LazyThreadSafetyMode.ExecutionAndPublication);
        var flight = _rendering.AddOrUpdate(key, (stamp, mine), (_, running) => running.Stamp == stamp ? running : (stamp, mine));
        return await flight.Render.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<RenderedPage> RenderAndKeepAsync(string key, StoreStamp stamp, Func<CancellationToken, Task<RenderedPage>> render, Lazy<Task<RenderedPage>> self)
    {
        try
        {
            var page = await render(CancellationToken.None).ConfigureAwait(false);
            if (page.StatusCode == StatusCodes.Status200OK)
            {
                if (_entries.Count >= MaxEntries) _entries.Clear();
                _entries[key] = (stamp, page);
            }
            return page;
        }
        finally
        {
            // Done (kept, an error page, or failed): later requests find the page in _entries or render afresh. Only this
            // render's own entry is removed, not a newer one for a later store state.
            _rendering.TryRemove(new KeyValuePair<string, (StoreStamp, Lazy<Task<RenderedPage>>)>(key, (stamp, self)));
        }
    }

    /// <summary>Renders under way: the store state each is for and the render every request for that page at that state shares.</summary>
    private readonly ConcurrentDictionary<string, (StoreStamp Stamp, Lazy<Task<RenderedPage>> Render)> _rendering = new(StringComparer.Ordinal);
}

/// <summary>Writes a <see cref="RenderedPage"/>, answering 304 when the client already has it.</summary>
public sealed class RenderedPageResult(RenderedPage page) : IResult
{
    /// <summary>The page written.</summary>
    public RenderedPage Page => page;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return WriteAsync(httpContext, page);
    }

    /// <summary>Writes <paramref name="page"/> as the response to <paramref name="httpContext"/>, or 304 when its ETag matches.</summary>
    public static Task WriteAsync(HttpContext httpContext, RenderedPage page)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(page);
        var response = httpContext.Response;
        response.Headers.ETag = page.ETag;
        response.Headers.CacheControl = "no-cache";
        if (page.StatusCode == StatusCodes.Status200OK && httpContext.Request.Headers.IfNoneMatch == page.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.StatusCode = page.StatusCode;
        response.ContentType = page.ContentType;
        response.ContentLength = page.Body.Length;
        return HttpMethods.IsHead(httpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(page.Body, httpContext.RequestAborted).AsTask();
    }
}
