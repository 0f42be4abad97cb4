using System.Collections.Concurrent;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using DailyPapers.Summarize.Extractive;
using DailyPapers.Verify;

namespace DailyPapers.Tests.Pipeline;

/// <summary>After a model's reply, verification and the store write run on the after-reply lane, off the thread pool.</summary>
public sealed class AfterReplyLaneTests
{
    private static readonly DateOnly Day = new(2024, 8, 15);

    [Fact]
    public async Task A_models_summaries_are_verified_on_the_lane_and_a_failing_verifier_fails_only_its_paper()
    {
        // Given a summarizer whose summaries are replies (as a model's are), and a verifier that notes where it runs and throws for one paper
        var day = new DayFeed(Day, Fixtures.SampleDay().Entries, []);
        var failing = day.Entries[1].Paper.ArxivId;
        var verifier = new ThreadNotingVerifier(failing);
        var store = new SqlitePaperStore(Path.Combine(Directory.CreateTempSubdirectory("dailypapers-lane-").FullName, "store.db"));
        var runner = new DigestRunner(store, new SummarizerCatalog([new ModelLikeSummarizer(awaitsReplies: true)]), [], TimeProvider.System, verifiers: [verifier]);

        // When the day is digested four papers at a time
        var result = await runner.RunAsync(new DigestRequest(Day, ["en"]) { Source = new OneDaySource(day), MaxConcurrency = 4 }, null, CancellationToken.None);

        // Then every verification ran on the lane's thread, none on the thread pool
        Assert.Equal(day.Entries.Count, verifier.Threads.Count);
        Assert.All(verifier.Threads, t => Assert.Same(AfterReplyLane.Shared.LaneThread, t));
        // And the paper whose verifier threw failed alone, with the verifier's message; the others are stored
        var failed = Assert.Single(result.Report.Failed);
        Assert.Equal(failing, failed.ArxivId);
        Assert.Contains("verifier broke on", failed.Reason, StringComparison.Ordinal);
        foreach (var entry in day.Entries.Where(e => e.Paper.ArxivId != failing))
            Assert.NotEmpty(await store.GetSummariesAsync(entry.Paper.ArxivId, CancellationToken.None));
        Assert.Empty(await store.GetSummariesAsync(failing, CancellationToken.None));
    }

    [Fact]
    public async Task A_local_summarizers_summaries_are_verified_where_they_were_made()
    {
        // Given a summarizer that computes locally (no model call to keep moving)
        var day = new DayFeed(Day, Fixtures.SampleDay().Entries, []);
        var verifier = new ThreadNotingVerifier(failingId: null);
        var store = new SqlitePaperStore(Path.Combine(Directory.CreateTempSubdirectory("dailypapers-lane-").FullName, "store.db"));
        var runner = new DigestRunner(store, new SummarizerCatalog([new ModelLikeSummarizer(awaitsReplies: false)]), [], TimeProvider.System, verifiers: [verifier]);

        // When the day is digested
        var result = await runner.RunAsync(new DigestRequest(Day, ["en"]) { Source = new OneDaySource(day), MaxConcurrency = 4 }, null, CancellationToken.None);

        // Then no verification used the lane, and every paper is done
        Assert.True(result.Report.Succeeded);
        Assert.Equal(day.Entries.Count, verifier.Threads.Count);
        Assert.All(verifier.Threads, t => Assert.NotSame(AfterReplyLane.Shared.LaneThread, t));
    }

    private sealed class ThreadNotingVerifier(string? failingId) : ISummaryVerifier
    {
        public ConcurrentBag<Thread> Threads { get; } = [];

        public Task<IReadOnlyList<Finding>> VerifyAsync(SummaryRequest request, Summary summary, CancellationToken cancellationToken)
        {
            Threads.Add(Thread.CurrentThread);
            if (request.Paper.ArxivId == failingId) throw new InvalidOperationException($"verifier broke on {failingId}");
            return Task.FromResult<IReadOnlyList<Finding>>([]);
        }
    }

    /// <summary>The offline summarizer's text, after a yield (as a reply arrives on an I/O thread), claiming to await replies or not.</summary>
    private sealed class ModelLikeSummarizer(bool awaitsReplies) : ISummarizer
    {
        private readonly ExtractiveSummarizer _inner = new(new RuleBasedRoleClassifier());
        public string Name => "extractive";
        public SummaryOrigin Origin => _inner.Origin;
        public bool AwaitsReplies => awaitsReplies;
        public string OutputLanguage(string requested) => _inner.OutputLanguage(requested);

        public async Task<Summary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await _inner.SummarizeAsync(request, cancellationToken);
        }
    }
}
