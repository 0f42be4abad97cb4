using DailyPapers.Storage;
using DailyPapers.Web.Site;
using DailyPapers.Web.Site.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace DailyPapers.Web.Tests.Units;

public sealed class SearchResultsPageTests
{
    [Theory]
    [InlineData(200, true, "more than 200 papers match <q>numbat</q> (page 2 of 10; add words to narrow it)")]
    [InlineData(37, false, "37 papers match <q>numbat</q> (page 2 of 2)")]
    [InlineData(1, false, "1 paper match <q>numbat</q>")]
    public async Task The_count_line_says_more_than_when_the_store_stopped_counting(int total, bool capped, string expected)
    {
        // Given a page of results whose total is exact, or the store's cap
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var renderer = new PageRenderer(services, NullLoggerFactory.Instance, SiteStylesheet.Unversioned);
        var page = new SearchPage("numbat", total == 1 ? 1 : 2, 20, total, [], capped);

        // When the search page is rendered
        var html = await renderer.RenderAsync<SearchResultsPage>(new Dictionary<string, object?>
        {
            [nameof(SearchResultsPage.Query)] = "numbat", [nameof(SearchResultsPage.Results)] = page,
        });

        // Then its count line says so
        Assert.Contains("<p class=\"meta\">" + expected, html, StringComparison.Ordinal);
    }
}
