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
        var renders = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<RenderedPage> Render(CancellationToken ct)
        {
            Interlocked.Increment(ref renders);
            await release.Task;
            return RenderedPage.From("<p>the day</p>", "text/html; charset=utf-8");
        }

        // When eight requests ask for it before the render ends
        var requests = Enumerable.Range(0, 8).Select(_ => cache.GetOrRenderAsync("/2024-08-15", Render, CancellationToken.None).AsTask()).ToList();
        await Task.Delay(100);
        release.SetResult();
        var pages = await Task.WhenAll(requests);

        // Then the page was rendered once, every request got it, and it is kept for the next one
        Assert.Equal(1, renders);
        Assert.All(pages, p => Assert.Same(pages[0], p));
        Assert.Same(pages[0], await cache.TryGetAsync("/2024-08-15", CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_render_fails_its_waiters_and_the_next_request_renders_again()
    {
        // Given a render that fails the first time it runs
        var cache = new PageCache(NewStore());
        var renders = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<RenderedPage> Render(CancellationToken ct)
        {
            if (Interlocked.Increment(ref renders) == 1)
            {
                await release.Task;
                throw new InvalidOperationException("the store went away");
            }
            return RenderedPage.From("<p>the day</p>", "text/html; charset=utf-8");
        }

        // When two requests wait for the failing render, and a third comes after it failed
        var first = cache.GetOrRenderAsync("/archive", Render, CancellationToken.None).AsTask();
        var second = cache.GetOrRenderAsync("/archive", Render, CancellationToken.None).AsTask();
        release.SetResult();

        // Then both waiters see the failure, and the third request renders afresh and succeeds
        Assert.Equal("the store went away", (await Assert.ThrowsAsync<InvalidOperationException>(() => first)).Message);
        Assert.Equal("the store went away", (await Assert.ThrowsAsync<InvalidOperationException>(() => second)).Message);
        var third = await cache.GetOrRenderAsync("/archive", Render, CancellationToken.None);
        Assert.Equal(2, renders);
        Assert.Equal(200, third.StatusCode);
    }

    [Fact]
    public async Task A_request_that_leaves_stops_waiting_but_the_render_goes_on_for_the_others()
    {
        // Given a render that waits until it is let go
        var cache = new PageCache(NewStore());
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seenCancellable = false;
        async Task<RenderedPage> Render(CancellationToken ct)
        {
            seenCancellable = ct.CanBeCanceled;
            await release.Task;
            return RenderedPage.From("<p>feed</p>", "application/atom+xml");
        }

        // When the request that started it is cancelled while another waits
        using var leaving = new CancellationTokenSource();
        var left = cache.GetOrRenderAsync("/feed.atom", Render, leaving.Token).AsTask();
        var staying = cache.GetOrRenderAsync("/feed.atom", Render, CancellationToken.None).AsTask();
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);
        release.SetResult();

        // Then the other request gets the page, rendered without the leaving request's token
        Assert.Equal("application/atom+xml", (await staying).ContentType);
        Assert.False(seenCancellable);
    }
}
