using System.Runtime.CompilerServices;
using DailyPapers.Web.Site;
using DailyPapers.Web.Site.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DailyPapers.Web.Tests.Units;

public sealed class PageRendererTests
{
    [Fact]
    public async Task A_rendered_page_keeps_nothing_of_its_parameters_alive_after_the_render()
    {
        // Given the process's one page renderer (a singleton of the web app)
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var renderer = new PageRenderer(services, NullLoggerFactory.Instance, SiteStylesheet.Unversioned);

        // When a page is rendered with a title made for it, and the caller lets go of it
        var (html, title) = await RenderAsync(renderer);
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        // Then the HTML holds the title, and the title itself is collected: the renderer retained no component of the
        // page (a renderer kept every page it ever rendered, so the server grew by each search page served)
        Assert.Contains("Quokka census 4711", html, StringComparison.Ordinal);
        Assert.False(title.TryGetTarget(out _), "the renderer still holds the page's parameters after the render");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(string Html, WeakReference<string> Title)> RenderAsync(PageRenderer renderer)
    {
        var title = string.Concat("Quokka census ", 4711.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var html = await renderer.RenderAsync<MessagePage>(new Dictionary<string, object?> { [nameof(MessagePage.Title)] = title, [nameof(MessagePage.Message)] = "m" });
        return (html, new WeakReference<string>(title));
    }
}
