using DailyPapers.Enrich;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using DailyPapers.Summarize.Extractive;

namespace DailyPapers.Tests.Pipeline;

/// <summary>A live day's papers are summarized as they are enriched, not after the whole day is.</summary>
public sealed class StreamedRunTests
{
    private static readonly DateOnly Day = new(2024, 8, 15);

    [Fact]
    public async Task The_first_papers_are_summarized_while_the_last_one_is_still_being_enriched()
    {
        // Given a live (not snapshot) day of the sample's papers, an enricher that holds the last paper until a
        // summary has started, and adds a link to every paper
        var sample = Fixtures.SampleDay();
        var day = new DayFeed(Day, sample.Entries, []);
        var last = day.Entries[^1].Paper.ArxivId;
        var summaryStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var enricher = new HoldingEnricher(last, summaryStarted.Task);
        var summarizer = new SignallingSummarizer(summaryStarted);
        var store = new SqlitePaperStore(Path.Combine(Directory.CreateTempSubdirectory("dailypapers-streamed-").FullName, "store.db"));
        var runner = new DigestRunner(store, new SummarizerCatalog([summarizer]), [], TimeProvider.System, [enricher]);

        // When the day is digested, two papers at a time, in two languages
        var result = await runner.RunAsync(new DigestRequest(Day, ["en", "ko"]) { Source = new OneDaySource(day), MaxConcurrency = 2 }, null, CancellationToken.None);

        // Then the last paper's enrichment saw a summary already under way (it waited for none to time out)
        Assert.True(enricher.SawSummaryFirst, "no paper was summarized before the last one was enriched");
        // And every paper is summarized in both languages, in digest order, from its enriched record
        Assert.True(result.Report.Succeeded);
        var ranked = day.Ranked.Select(e => e.Paper.ArxivId).ToList();
        foreach (var digest in result.Digests)
        {
            Assert.Equal(ranked, digest.Items.Select(i => i.Entry.Paper.ArxivId));
            Assert.All(digest.Items, i => Assert.Contains(i.Entry.Paper.Links, l => l.Url == HoldingEnricher.Link));
        }
        // (the offline summarizer writes English for every language: the Korean pass reuses the stored summaries)
        Assert.Equal(day.Entries.Count, summarizer.Requests.Count);
        Assert.Equal(day.Entries.Count * 2, result.Report.Outcomes.Count);
        Assert.All(summarizer.Requests, r => Assert.Contains(r.Paper.Links, l => l.Url == HoldingEnricher.Link));
        // And the stored day is the enriched one
        var stored = await store.GetDayAsync(Day, CancellationToken.None);
        Assert.All(stored!.Entries, e => Assert.Contains(e.Paper.Links, l => l.Url == HoldingEnricher.Link));
    }

    [Fact]
    public async Task Papers_are_summarized_while_their_day_is_still_being_written_and_their_summaries_are_stored_after_it()
    {
        // Given a store whose file another connection holds the write lock of, so the day cannot be written yet
        var path = Path.Combine(Directory.CreateTempSubdirectory("dailypapers-streamed-").FullName, "store.db");
        var store = new SqlitePaperStore(path);
        await store.GetDatesAsync(CancellationToken.None); // creates the schema
        using var writer = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=false");
        writer.Open();
        using (var begin = writer.CreateCommand()) { begin.CommandText = "BEGIN IMMEDIATE"; begin.ExecuteNonQuery(); }
        var day = new DayFeed(Day, Fixtures.SampleDay().Entries, []);
        var summaryStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var summarizer = new SignallingSummarizer(summaryStarted);
        var runner = new DigestRunner(store, new SummarizerCatalog([summarizer]), [], TimeProvider.System);

        // When the day is digested, and the lock is let go once a paper is being summarized (or after 15 s)
        var run = runner.RunAsync(new DigestRequest(Day, ["en"]) { Source = new OneDaySource(day) }, null, CancellationToken.None);
        var summarizedWhileLocked = await Task.WhenAny(summaryStarted.Task, Task.Delay(TimeSpan.FromSeconds(15))) == summaryStarted.Task;
        using (var commit = writer.CreateCommand()) { commit.CommandText = "COMMIT"; commit.ExecuteNonQuery(); }
        var result = await run;

        // Then summarizing did not wait for the day to be written, and every summary was stored after its paper
        Assert.True(summarizedWhileLocked, "no paper was summarized while the day's write waited");
        Assert.True(result.Report.Succeeded, string.Join("; ", result.Report.Failed.Select(f => f.Reason)));
        Assert.NotNull(await store.GetDayAsync(Day, CancellationToken.None));
        foreach (var entry in day.Entries)
            Assert.NotEmpty(await store.GetSummariesAsync(entry.Paper.ArxivId, CancellationToken.None));
    }

    private sealed class HoldingEnricher(string holdId, Task release) : IPaperEnricher
    {
        public const string Link = "https://github.com/example/streamed";
        public bool SawSummaryFirst { get; private set; }
        public string Name => "holding";
        public bool Enabled => true;

        public async Task<Paper> EnrichAsync(Paper paper, CancellationToken cancellationToken)
        {
            if (paper.ArxivId == holdId)
                SawSummaryFirst = await Task.WhenAny(release, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken)) == release;
            return paper with { Links = [.. paper.Links, new PaperLink(Link, LinkKind.Code, "test")] };
        }
    }

    private sealed class SignallingSummarizer(TaskCompletionSource started) : ISummarizer
    {
        private readonly ExtractiveSummarizer _inner = new(new RuleBasedRoleClassifier());
        public System.Collections.Concurrent.ConcurrentBag<SummaryRequest> Requests { get; } = [];
        public string Name => "extractive";
        public SummaryOrigin Origin => _inner.Origin;
        public string OutputLanguage(string requested) => _inner.OutputLanguage(requested);

        public Task<Summary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            started.TrySetResult();
            return _inner.SummarizeAsync(request, cancellationToken);
        }
    }
}
