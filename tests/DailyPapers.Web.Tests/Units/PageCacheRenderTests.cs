using DailyPapers.Storage;
using DailyPapers.Web.Site;

namespace DailyPapers.Web.Tests.Units;

/// <summary>Requests that miss the page cache at the same store state share one render.</summary>
public sealed class PageCacheRenderTests
{
    private static SqlitePaperStore NewStore() =>
        new(Path.Combine(Directory.CreateTempSubdirectory("dailypapers-pagecache-").FullName, "store.db"));

    [Fact]
    public async Task Eight_requests_that_miss_at_once_share_one_render()
    {
        // Given a page whose render waits until it is let go, and counts its calls
        var cache = new PageCache(NewStore());
        var render = new HeldRender("text/html; charset=utf-8");

        // When eight requests ask for it before the render ends
        var requests = Enumerable.Range(0, 8).Select(_ => cache.GetOrRenderAsync("/2024-08-15", render.RenderAsync, CancellationToken.None).AsTask()).ToList();
        await Task.Delay(100);
        render.Release();
        var pages = await Task.WhenAll(requests);

        // Then the page was rendered once, every request got it, and it is kept for the next one
        Assert.Equal(1, render.Calls);
        Assert.All(pages, p => Assert.Same(pages[0], p));
        Assert.Same(pages[0], await cache.TryGetAsync("/2024-08-15", CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_render_fails_its_waiters_and_the_next_request_renders_again()
    {
        // Given a render that fails the first time it runs
        var cache = new PageCache(NewStore());
        var render = new HeldRender("text/html; charset=utf-8", failFirst: true);

        // When two requests wait for the failing render, and a third comes after it failed
        var first = cache.GetOrRenderAsync("/archive", render.RenderAsync, CancellationToken.None).AsTask();
        var second = cache.GetOrRenderAsync("/archive", render.RenderAsync, CancellationToken.None).AsTask();
        render.Release();

        // Then both waiters see the failure, and the third request renders afresh and succeeds
        Assert.Equal("the store went away", (await Assert.ThrowsAsync<InvalidOperationException>(() => first)).Message);
        Assert.Equal("the store went away", (await Assert.ThrowsAsync<InvalidOperationException>(() => second)).Message);
        var third = await cache.GetOrRenderAsync("/archive", render.RenderAsync, CancellationToken.None);
        Assert.Equal(2, render.Calls);
        Assert.Equal(200, third.StatusCode);
    }

    [Fact]
    public async Task A_request_that_leaves_stops_waiting_but_the_render_goes_on_for_the_others()
    {
        // Given a render that waits until it is let go
        var cache = new PageCache(NewStore());
        var render = new HeldRender("application/atom+xml");

        // When the request that started it is cancelled while another waits
        using var leaving = new CancellationTokenSource();
        var left = cache.GetOrRenderAsync("/feed.atom", render.RenderAsync, leaving.Token).AsTask();
        var staying = cache.GetOrRenderAsync("/feed.atom", render.RenderAsync, CancellationToken.None).AsTask();
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        render.Release();

        // Then the other request gets the page, rendered without the leaving request's token
        Assert.Equal("application/atom+xml", (await staying).ContentType);
        Assert.False(render.SawCancellableToken);
    }

    /// <summary>A page render that waits until <see cref="Release"/>, counts its calls and, if asked, fails the first one.</summary>
    private sealed class HeldRender(string contentType, bool failFirst = false)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);
        public bool SawCancellableToken { get; private set; }

        public void Release() => _release.SetResult();

        public async Task<RenderedPage> RenderAsync(CancellationToken cancellationToken)
        {
            SawCancellableToken |= cancellationToken.CanBeCanceled;
            var call = Interlocked.Increment(ref _calls);
            await _release.Task;
            if (failFirst && call == 1) throw new InvalidOperationException("the store went away");
            return RenderedPage.From("<p>the page</p>", contentType);
        }
    }
}
