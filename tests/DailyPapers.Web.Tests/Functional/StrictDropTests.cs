using System.Net;
using DailyPapers.Papers;

namespace DailyPapers.Web.Tests.Functional;

/// <summary>A summary that strict verification dropped is kept in the store but not published; its own store, since it writes.</summary>
public sealed class StrictDropTests(WebFactory factory) : IClassFixture<WebFactory>
{
    [Fact]
    public async Task A_summary_the_latest_run_dropped_is_not_shown_on_the_day_page()
    {
        // Given the ChemVLM summary in English is stored, and a newer run dropped it under strict verification
        var client = factory.CreateClient();
        var before = await client.GetStringAsync("/2024-08-15?lang=en");
        Assert.Contains("we propose ChemVLM", before);
        var store = factory.Sample.Store;
        var last = (await store.GetLatestRunAsync(SampleStore.Day, CancellationToken.None))!;
        var outcomes = last.Outcomes.Select(o => o.ArxivId == "2408.07246" && o.Language == "en"
            ? o with { Status = PaperStatus.Failed, Reason = "dropped (strict verification): 1 verification defect" }
            : o).ToList();
        await store.SaveRunAsync(last with { Outcomes = outcomes, StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow }, CancellationToken.None);

        // When the day page is read again
        var response = await client.GetAsync("/2024-08-15?lang=en");
        var html = await response.Content.ReadAsStringAsync();

        // Then the paper is listed with the reason instead of the dropped text, and the other papers keep theirs
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("dropped (strict verification): 1 verification defect", html);
        Assert.DoesNotContain("we propose ChemVLM", html);
        Assert.Contains("Generative Photomontage", html);
        Assert.Contains("we propose a framework for creating the desired image", html);
    }
}
