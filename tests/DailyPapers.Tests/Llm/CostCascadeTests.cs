using DailyPapers.Collect;
using DailyPapers.Enrich;
using DailyPapers.Llm;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Summarize;
using DailyPapers.Tests.Cli;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Llm;

/// <summary>The cost cascade (<c>digest --top N</c>): the best-ranked papers with the model, the rest offline.</summary>
public sealed class CostCascadeTests : ScriptedServerTests
{
    private static readonly DateOnly Day = new(2024, 8, 15);
    // The bundled day's papers by votes: 13, 10, 7, 6, 6, 5, 4, 3
    private static readonly string[] ByVotes = ["2408.07246", "2408.07116", "2408.07089", "2408.05366", "2408.07540", "2408.07410", "2408.07547", "2408.07416"];

    private static readonly Dictionary<string, string?> Priced = new() { ["InputPricePerMillionTokens"] = "2", ["OutputPricePerMillionTokens"] = "8" };

    private static Task<DigestResult> RunAsync(LlmTestHost host, int? top, DigestRunner? runner = null) =>
        (runner ?? host.Runner).RunAsync(new DigestRequest(Day, ["ko"]) { Summarizer = host.Provider, Top = top }, null, CancellationToken.None);

    [Fact]
    public async Task The_top_n_go_to_the_model_the_rest_offline_and_a_rerun_calls_the_model_no_more()
    {
        var store = Path.Combine(TestPaths.NewTempFolder(), "store.db");
        DigestResult first, again;
        using (var host = LlmTestHost.Create(Server, LlmProviders.OpenAI, Priced, store))
            first = await RunAsync(host, 3);
        var callsAfterFirst = Server.Requests.Count;
        using (var host = LlmTestHost.Create(Server, LlmProviders.OpenAI, Priced, store))
            again = await RunAsync(host, 3);

        // Exactly 3 model calls, for the 3 most-voted papers
        Assert.Equal(3, callsAfterFirst);
        Assert.Equal(ByVotes[..3].Order(), Server.Requests.Select(r => r.ArxivId!).Order());
        var origins = first.Digests[0].Items.ToDictionary(i => i.Entry.Paper.ArxivId, i => i.Summary!.Origin.Summarizer);
        Assert.All(ByVotes[..3], id => Assert.Equal(LlmProviders.OpenAI, origins[id]));
        Assert.All(ByVotes[3..], id => Assert.Equal("extractive", origins[id]));
        Assert.True(first.Report.Succeeded);

        // The split and the cost beside all-LLM at this run's average per call
        var split = first.Report.Cascade!;
        Assert.Equal((3, 3, 5, "votes"), (split.Top, split.ModelPapers, split.OfflinePapers, split.RankedBy));
        var cost = first.Report.Usage.EstimatedCost!.Value;
        Assert.True(cost > 0);
        Assert.Equal(cost, split.EstimatedCost);
        Assert.Equal(cost + cost / 3 * 5, split.EstimatedAllModelCost);

        // The re-run reuses everything: no call, no cost, and no per-call figure to estimate all-LLM from
        Assert.Equal(3, Server.Requests.Count);
        Assert.All(again.Report.Outcomes, o => Assert.True(o.Reused));
        Assert.Equal(0m, again.Report.Cascade!.EstimatedCost);
        Assert.Null(again.Report.Cascade.EstimatedAllModelCost);
    }

    [Fact]
    public async Task The_budget_cap_still_applies_to_the_top_papers()
    {
        using var host = LlmTestHost.Create(Server, LlmProviders.OpenAI, new Dictionary<string, string?>
        {
            ["MaxConcurrency"] = "1", ["InputPricePerMillionTokens"] = "1000", ["OutputPricePerMillionTokens"] = "1000", ["BudgetCap"] = "1.2",
        });

        var result = await RunAsync(host, 5);

        var calls = Server.Requests.Count;
        Assert.InRange(calls, 1, 3);
        var capped = result.Report.Failed.ToList();
        Assert.Equal(5 - calls, capped.Count);
        Assert.All(capped, o => Assert.Contains(o.ArxivId, ByVotes[..5]));
        Assert.All(capped, o => Assert.StartsWith("budget cap reached: $", o.Reason, StringComparison.Ordinal));
        Assert.All(ByVotes[5..], id => Assert.Equal(PaperStatus.Done, LlmTestHost.Outcome(result.Report, id).Status));
    }

    private sealed class FewestVotesFirst : IDayRanker
    {
        public Task<RankedDay> RankAsync(DayFeed day, CancellationToken cancellationToken) => Task.FromResult<RankedDay>(new([.. day.Entries.OrderBy(e => e.Upvotes).ThenByDescending(e => e.FeedOrder)], "test profile"));
    }

    [Fact]
    public async Task Another_ranker_behind_the_seam_decides_which_papers_get_the_model()
    {
        using var host = LlmTestHost.Create(Server, LlmProviders.OpenAI, Priced);
        var runner = new DigestRunner(host.Store, host.Get<SummarizerCatalog>(), host.Get<CollectStage>(), host.Get<EnrichStage>(), host.Get<SummarizeStage>(),
            TimeProvider.System, new FewestVotesFirst());

        var result = await RunAsync(host, 2, runner);

        Assert.Equal(ByVotes[^2..].Order(), Server.Requests.Select(r => r.ArxivId!).Order());
        Assert.Equal("test profile", result.Report.Cascade!.RankedBy);
    }

    [Fact]
    public void A_day_without_votes_is_ranked_by_keyword_matches_title_counting_twice()
    {
        var date = new DateOnly(2025, 5, 4);
        DailyEntry E(string id, string title, string abs, int order) => Fixtures.Entry(id, title, upvotes: 0, order: order, abs: abs) with { Date = date };
        var day = new DayFeed(date,
        [
            E("2505.00001", "A study of parsing", "Nothing else.", 0),
            E("2505.00002", "Retrieval for agents", "We retrieve. Retrieval helps agents.", 1),
            E("2505.00003", "Vision", "Retrieval once.", 2),
            E("2505.00004", "Unrelated", "Retrievals are not whole words here.", 3),
        ], []);
        var ranker = new VotesThenKeywordsRanker(Options.Create(new DigestOptions { Keywords = "retrieval, agents" }));

        var ranked = ranker.Rank(day);

        Assert.Equal(["2505.00002", "2505.00003", "2505.00001", "2505.00004"], ranked.Entries.Select(e => e.Paper.ArxivId));
        Assert.Equal("keywords (retrieval, agents)", ranked.Basis);
        Assert.Equal(["2505.00001", "2505.00002", "2505.00003", "2505.00004"],
            new VotesThenKeywordsRanker(Options.Create(new DigestOptions())).Rank(day).Entries.Select(e => e.Paper.ArxivId));
    }

    private Dictionary<string, string> LlmSettings(string store) => new()
    {
        ["DailyPapers:Store:Path"] = store,
        ["DailyPapers:HuggingFace:Enabled"] = "false",
        ["DailyPapers:Llm:Provider"] = LlmProviders.OpenAI,
        ["DailyPapers:Llm:Endpoint"] = Server.OpenAIEndpoint,
        ["DailyPapers:Llm:Model"] = "scripted-model",
        ["DailyPapers:Llm:ApiKey"] = "sk-test-not-a-real-key",
        ["DailyPapers:Llm:Timeout"] = "00:00:30",
    };

    [Fact]
    public async Task Digest_with_a_profile_and_top_gives_the_model_the_profiles_best_papers_not_the_most_voted()
    {
        // Given a profile whose keywords name two papers with few votes (3D Gaussian Editing, DeepSpeak: 6 votes each)
        var settings = LlmSettings(Path.Combine(TestPaths.NewTempFolder(), "store.db"));
        settings["DailyPapers:Profiles:me:Keywords"] = "Gaussian, deepfake";

        // When the day is digested for the profile with --top 2
        var result = await CliRunner.RunAsync(settings, "digest", "--date", "2024-08-15", "--top", "2", "--lang", "ko", "--profile", "me");

        // Then the model summarized exactly those two, and the report says the profile ranked the cascade
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["2408.05366", "2408.07540"], Server.Requests.Select(r => r.ArxivId!).Order());
        Assert.True(result.Stderr.Contains("cost cascade (--top 2, ranked by profile 'me' (keywords, authors and categories))", StringComparison.Ordinal), result.Stderr);
    }

    [Fact]
    public async Task A_profile_that_matches_no_paper_leaves_the_cascade_to_the_votes_and_says_so()
    {
        // Given a stored day and a profile whose only keyword is in no paper
        var folder = TestPaths.NewTempFolder();
        var store = new DailyPapers.Storage.SqlitePaperStore(Path.Combine(folder, "s.db"));
        var day = await new BundledSampleSource().GetDayAsync(Day, CancellationToken.None);
        await store.SaveDayAsync(day, CancellationToken.None);
        var options = new DailyPapers.Rank.ProfilesOptions();
        options.Profiles["zoo"] = new DailyPapers.Rank.ProfileSettings { Keywords = "zebra" };
        using var encoder = new DailyPapers.Rank.MiniLmEncoder();
        var ranker = new DailyPapers.Rank.ProfileRanker(Options.Create(options), store, new DailyPapers.Rank.PaperVectors(encoder, store, store));
        var profile = await ranker.LoadAsync("zoo", CancellationToken.None);

        // When the profile ranks the day for the cascade, votes behind it
        var votes = new VotesThenKeywordsRanker(Options.Create(new DigestOptions()));
        var ranked = await new DailyPapers.Rank.ProfileDayRanker(ranker, profile, votes).RankAsync(day, CancellationToken.None);

        // Then the order is the votes', the basis names both, and the encoder was never loaded (no library)
        Assert.Equal(votes.Rank(day).Entries.Select(e => e.Paper.ArxivId), ranked.Entries.Select(e => e.Paper.ArxivId));
        Assert.Equal(ByVotes[..3], ranked.Entries.Take(3).Select(e => e.Paper.ArxivId));
        Assert.Equal("votes (profile 'zoo' matched no paper)", ranked.Basis);
        Assert.False(encoder.IsLoaded);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task A_top_of_zero_or_below_is_a_usage_error(string top)
    {
        var result = await CliRunner.RunAsync(Path.Combine(TestPaths.NewTempFolder(), "store.db"), "digest", "--date", "2024-08-15", "--top", top);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--top must be 1 or more, got {top}", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task A_configured_top_of_zero_is_a_settings_error()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string>
        {
            ["DailyPapers:Store:Path"] = Path.Combine(TestPaths.NewTempFolder(), "store.db"), ["DailyPapers:Digest:Top"] = "0",
        }, "digest", "--date", "2024-08-15");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("DailyPapers:Digest:Top must be at least 1, got 0", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_run_report_shows_the_split_and_the_cost_beside_all_llm()
    {
        var settings = LlmSettings(Path.Combine(TestPaths.NewTempFolder(), "store.db"));
        settings["DailyPapers:Llm:InputPricePerMillionTokens"] = "2";
        settings["DailyPapers:Llm:OutputPricePerMillionTokens"] = "8";
        var result = await CliRunner.RunAsync(settings, "digest", "--date", "2024-08-15", "--top", "2", "--lang", "ko");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, Server.Requests.Count);
        Assert.Matches(@"cost cascade \(--top 2, ranked by votes\): 2 paper\(s\) with openai \(scripted-model\), 6 with the offline 'extractive' summarizer; estimated cost \$[0-9.]+ vs \$[0-9.]+ to summarize all 8 with the model", result.Stderr);
    }
}
