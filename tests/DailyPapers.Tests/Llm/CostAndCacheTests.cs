using DailyPapers.Llm;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Llm;

/// <summary>Token usage and cost in the run report, the budget cap, and the cache key's model part.</summary>
public sealed class CostAndCacheTests : ScriptedServerTests
{
    [Fact]
    public async Task The_run_report_sums_the_tokens_theServer_reported_and_prices_them()
    {
        // Given prices of $2 and $8 per million input and output tokens
        using var host = LlmTestHost.Create(Server, LlmProviders.OpenAI, new Dictionary<string, string?>
        {
            ["InputPricePerMillionTokens"] = "2", ["OutputPricePerMillionTokens"] = "8",
        });

        // When the day is summarized
        var result = await host.RunSampleDayAsync("ko");

        // Then the report's usage is the sum of what each call reported, priced
        var usage = result.Report.Usage;
        Assert.Equal(8, usage.Calls);
        var expectedInput = Server.Requests.Sum(r => (long)(r.Body.ToJsonString().Length / 4));
        Assert.Equal(expectedInput, usage.InputTokens);
        Assert.Equal((usage.InputTokens * 2m + usage.OutputTokens * 8m) / 1_000_000m, usage.EstimatedCost);
        var stored = await host.Store.GetLatestRunAsync(new DateOnly(2024, 8, 15), CancellationToken.None);
        Assert.Equal(usage.InputTokens, stored!.Outcomes.Sum(o => o.Usage?.InputTokens ?? 0));
    }

    [Fact]
    public async Task The_budget_cap_stops_model_calls_and_names_the_papers_left_out()
    {
        // Given one call at a time and a cap that two calls exceed (each call costs about $1 at these prices)
        using var host = LlmTestHost.Create(Server, LlmProviders.OpenAI, new Dictionary<string, string?>
        {
            ["MaxConcurrency"] = "1", ["InputPricePerMillionTokens"] = "1000", ["OutputPricePerMillionTokens"] = "1000", ["BudgetCap"] = "1.2",
        });

        // When the day is summarized
        var result = await host.RunSampleDayAsync("ko");

        // Then the calls stopped once the cap was reached, and every paper left is failed with that reason
        var calls = Server.Requests.Count;
        Assert.InRange(calls, 1, 3);
        Assert.Equal(calls, result.Report.Outcomes.Count(o => o.Status == PaperStatus.Done));
        var capped = result.Report.Failed.ToList();
        Assert.Equal(8 - calls, capped.Count);
        Assert.All(capped, o => Assert.StartsWith("budget cap reached: $", o.Reason, StringComparison.Ordinal));
        Assert.True(result.Report.Usage.EstimatedCost >= 1.2m);
    }

    [Fact]
    public async Task Another_model_resummarizes_and_the_first_model_is_still_cached()
    {
        // Given the day summarized with model A
        var store = Path.Combine(TestPaths.NewTempFolder(), "store.db");
        using (var a = LlmTestHost.Create(Server, LlmProviders.OpenAI, new Dictionary<string, string?> { ["Model"] = "model-a" }, store))
            await a.RunSampleDayAsync("ko");

        // When it is run with model B, then with model A again
        using (var b = LlmTestHost.Create(Server, LlmProviders.OpenAI, new Dictionary<string, string?> { ["Model"] = "model-b" }, store))
            await b.RunSampleDayAsync("ko");
        RunReport again;
        using (var a2 = LlmTestHost.Create(Server, LlmProviders.OpenAI, new Dictionary<string, string?> { ["Model"] = "model-a" }, store))
            again = (await a2.RunSampleDayAsync("ko")).Report;

        // Then model B made 8 calls, and model A's rerun none
        Assert.Equal(8, Server.Requests.Count(r => r.Body["model"]!.GetValue<string>() == "model-a"));
        Assert.Equal(8, Server.Requests.Count(r => r.Body["model"]!.GetValue<string>() == "model-b"));
        Assert.All(again.Outcomes, o => Assert.True(o.Reused));
        Assert.Equal(0, again.Usage.Calls);
    }
}
