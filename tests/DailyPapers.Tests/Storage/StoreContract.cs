using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

/// <summary>
/// What every store must do, whatever its database: run once per store by a small subclass
/// (<see cref="SqliteStoreContractTests"/>, <see cref="Postgres.PostgresStoreContractTests"/>).
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    private readonly List<object> _stores = [];

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IPaperStore> CreateStoreAsync();

    /// <summary>Another instance over the same database (as a second process would open it).</summary>
    protected abstract IPaperStore Reopen(IPaperStore store);

    /// <summary>Marks the store's schema as written by a newer program.</summary>
    protected abstract Task SetSchemaVersionAsync(IPaperStore store, int version);

    protected async Task<IPaperStore> NewStoreAsync() => Track(await CreateStoreAsync());

    protected IPaperStore Track(IPaperStore store)
    {
        _stores.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
            if (store is IAsyncDisposable d) await d.DisposeAsync();
    }

    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateOnly Day = new(2024, 8, 15);

    [Fact]
    public async Task A_stored_day_reads_back_with_every_field_and_its_date_is_listed()
    {
        // Given the sample day
        var store = await NewStoreAsync();
        var day = Fixtures.SampleDay();

        // When it is stored and read back
        await store.SaveDayAsync(day, None);
        var back = await store.GetDayAsync(day.Date, None);

        // Then every entry and paper field is as saved
        Assert.NotNull(back);
        Assert.Equal(day.Entries.Select(e => (e.Paper.ArxivId, e.Upvotes, e.MediaUrl, e.FeedOrder, e.Comments, e.PostedAt)),
            back.Entries.Select(e => (e.Paper.ArxivId, e.Upvotes, e.MediaUrl, e.FeedOrder, e.Comments, e.PostedAt)));
        Assert.Equal(day.Entries.Select(e => e.Paper.Authors), back.Entries.Select(e => e.Paper.Authors));
        Assert.Equal(day.Entries.Select(e => (e.Paper.Title, e.Paper.Abstract, e.Paper.Version)), back.Entries.Select(e => (e.Paper.Title, e.Paper.Abstract, e.Paper.Version)));
        Assert.Equal([day.Date], await store.GetDatesAsync(None));
        Assert.Null(await store.GetDayAsync(day.Date.AddDays(1), None));
        Assert.Equal([day.Date], await ((IPaperSearch)store).GetAppearancesAsync(day.Entries[0].Paper.ArxivId, None));
    }

    [Fact]
    public async Task Saving_a_day_again_replaces_its_entries_and_an_empty_feed_never_wipes_it()
    {
        // Given a stored day of eight papers
        var store = await NewStoreAsync();
        var day = Fixtures.SampleDay();
        await store.SaveDayAsync(day, None);

        // When an empty (unreadable) feed of that day is saved, then a smaller one
        await store.SaveDayAsync(new DayFeed(day.Date, [], [new FeedProblem("x", null, "malformed")]), None);
        var afterEmpty = await store.GetDayAsync(day.Date, None);
        await store.SaveDayAsync(day with { Entries = day.Entries.Take(3).ToList() }, None);
        var afterSmaller = await store.GetDayAsync(day.Date, None);

        // Then the empty feed changed nothing, the smaller one replaced the entries, and no paper was deleted
        Assert.Equal(8, afterEmpty!.Entries.Count);
        Assert.Equal(day.Entries.Take(3).Select(e => e.Paper.ArxivId), afterSmaller!.Entries.Select(e => e.Paper.ArxivId));
        Assert.NotNull(await store.GetPaperAsync(day.Entries[7].Paper.ArxivId, None));
    }

    [Fact]
    public async Task A_snapshot_day_reads_back_as_one_until_a_live_feed_replaces_it()
    {
        // Given the bundled sample (a snapshot) stored
        var store = await NewStoreAsync();
        var sample = Fixtures.SampleDay();
        await store.SaveDayAsync(sample, None);
        var stored = await store.GetDayAsync(Day, None);

        // When the same day comes from a live feed
        await store.SaveDayAsync(sample with { IsSnapshot = false }, None);
        var replaced = await store.GetDayAsync(Day, None);

        // Then the stored snapshot said so, and the live copy does not
        Assert.True(sample.IsSnapshot);
        Assert.True(stored!.IsSnapshot);
        Assert.False(replaced!.IsSnapshot);
    }

    [Fact]
    public async Task Saving_a_paper_without_metadata_keeps_the_metadata_already_stored()
    {
        // Given a paper stored with version, abstract, links, publication time and arXiv metadata
        var store = await NewStoreAsync();
        var published = new DateTimeOffset(2024, 8, 13, 17, 59, 1, TimeSpan.Zero);
        var full = Fixtures.Entry("2408.00001", "Old title", abs: "The stored abstract.") with { };
        full = full with
        {
            Paper = full.Paper with
            {
                Version = 2, PublishedAt = published, Links = [new PaperLink("https://github.com/x/y", LinkKind.Code, "hf")],
                Arxiv = new ArxivMetadata { Categories = ["cs.CL"], Doi = "10.1/x", LatestVersion = 2 },
            },
        };
        await store.SaveDayAsync(new DayFeed(Day, [full], []), None);

        // When the feed brings it again with a new title and nothing else
        var bare = Fixtures.Entry("2408.00001", "New title", abs: "");
        await store.SaveDayAsync(new DayFeed(Day.AddDays(1), [bare], []), None);
        var paper = await store.GetPaperAsync("2408.00001", None);

        // Then the title is the new one and every piece of metadata is kept
        Assert.NotNull(paper);
        Assert.Equal("New title", paper.Title);
        Assert.Equal(2, paper.Version);
        Assert.Equal("The stored abstract.", paper.Abstract);
        Assert.Equal(published, paper.PublishedAt);
        Assert.Equal("https://github.com/x/y", Assert.Single(paper.Links).Url);
        Assert.Equal("10.1/x", paper.Arxiv!.Doi);
        Assert.Equal(["cs.CL"], paper.Arxiv.Categories);
    }

    [Fact]
    public async Task Text_with_a_nul_character_is_stored_and_the_rest_of_it_kept()
    {
        // Given a feed title and a model's summary that carry a NUL character (PostgreSQL text refuses it)
        var store = await NewStoreAsync();
        await store.SaveDayAsync(new DayFeed(Day, [Fixtures.Entry("2408.00009", "Odd\0Title")], []), None);
        var key = new SummaryKey("2408.00009", 1, "llm", "m", "p", "en");

        // When both are saved and read back
        await store.SaveSummaryAsync(key, Summary("2408.00009", "before\0after", Time(1)), None);
        var day = (await store.GetDayAsync(Day, None))!;
        var summary = (await store.GetSummaryAsync(key, None))!;

        // Then nothing was refused and every other character survived (the NUL itself may become U+FFFD)
        Assert.Equal("Odd\0Title", day.Entries[0].Paper.Title.Replace('\uFFFD', '\0'));
        Assert.Equal("before\0after", summary.Sections[0].Text.Replace('\uFFFD', '\0'));
    }

    [Fact]
    public async Task A_summary_is_found_only_under_its_full_key_and_a_resave_replaces_it()
    {
        // Given a summary stored under a key
        var store = await NewStoreAsync();
        await store.SaveDayAsync(new DayFeed(Day, [Fixtures.Entry("2408.00002", "Paper")], []), None);
        var key = new SummaryKey("2408.00002", 1, "extractive", "roles-v1", "p1", "ko");
        await store.SaveSummaryAsync(key, Summary("2408.00002", "첫 요약", Time(1)), None);

        // When it is looked up by the same key, by keys differing in one part each, and saved again
        var hit = await store.GetSummaryAsync(key, None);
        SummaryKey[] others =
        [
            key with { ArxivId = "2408.00003" }, key with { Version = 2 }, key with { Summarizer = "llm" },
            key with { Model = "roles-v2" }, key with { PromptVersion = "p2" }, key with { Language = "en" },
        ];
        var misses = new List<Summary?>();
        foreach (var other in others) misses.Add(await store.GetSummaryAsync(other, None));
        await store.SaveSummaryAsync(key, Summary("2408.00002", "고친 요약", Time(2)), None);
        await store.SaveSummaryAsync(key with { Language = "en" }, Summary("2408.00002", "English", Time(3)), None);

        // Then only the full key hits, the re-save replaced the first, and all summaries list newest first
        Assert.Equal("첫 요약", hit!.Sections[0].Text);
        Assert.All(misses, Assert.Null);
        Assert.Equal("고친 요약", (await store.GetSummaryAsync(key, None))!.Sections[0].Text);
        Assert.Equal(["English", "고친 요약"], (await store.GetSummariesAsync("2408.00002", None)).Select(s => s.Sections[0].Text));
        var day = await ((IPaperSearch)store).GetDaySummariesAsync(Day, None);
        Assert.Equal(2, day["2408.00002"].Count);
    }

    [Fact]
    public async Task Summaries_saved_at_once_by_many_callers_are_all_stored_and_searchable()
    {
        // Given a day of 24 papers
        var store = await NewStoreAsync();
        var ids = Enumerable.Range(1, 24).Select(i => $"2408.{i:00000}").ToList();
        await store.SaveDayAsync(new DayFeed(Day, [.. ids.Select(id => Fixtures.Entry(id, "Paper " + id))], []), None);

        // When 24 summaries are saved concurrently (they are committed in groups)
        await Task.WhenAll(ids.Select(id => Task.Run(() => store.SaveSummaryAsync(
            new SummaryKey(id, 1, "llm", "m", "p1", "ko"), Summary(id, "요약 numbat" + id[^2..], Time(1)), None))));

        // Then each is stored once under its own key, and the search index holds every one
        foreach (var id in ids)
            Assert.Equal("요약 numbat" + id[^2..], (await store.GetSummaryAsync(new SummaryKey(id, 1, "llm", "m", "p1", "ko"), None))!.Sections[0].Text);
        var day = await ((IPaperSearch)store).GetDaySummariesAsync(Day, None);
        Assert.Equal(24, day.Count);
        Assert.All(day.Values, list => Assert.Single(list));
        Assert.Equal("2408.00007", Assert.Single((await ((IPaperSearch)store).SearchAsync("numbat07", 1, 10, None)).Hits).ArxivId);
    }

    [Fact]
    public async Task The_latest_run_and_fetch_of_a_date_are_read_back()
    {
        // Given two runs and two fetches of one date
        var store = await NewStoreAsync();
        var log = (IFetchLog)store;
        await store.SaveRunAsync(Run(Time(1), "first"), None);
        await store.SaveRunAsync(Run(Time(2), "second"), None);
        await log.SaveFetchAsync(new FetchReport(Day, FetchStatus.Failed, 0, "network down") { FinishedAt = Time(1) }, None);
        await log.SaveFetchAsync(new FetchReport(Day, FetchStatus.Stored, 8, null) { FinishedAt = Time(2), Warnings = [new PaperWarning("2408.1", "enrich", "arXiv said 503")] }, None);

        // When the latest of each is read
        var run = await store.GetLatestRunAsync(Day, None);
        var fetch = await log.GetLatestFetchAsync(Day, None);

        // Then they are the second ones, whole, and another date has none
        Assert.Equal("second", Assert.Single(run!.Outcomes).Title);
        Assert.Equal(Time(2), run.FinishedAt);
        Assert.Equal(FetchStatus.Stored, fetch!.Status);
        Assert.Equal("arXiv said 503", Assert.Single(fetch.Warnings).Message);
        Assert.Null(await store.GetLatestRunAsync(Day.AddDays(1), None));
        Assert.Null(await log.GetLatestFetchAsync(Day.AddDays(1), None));
    }

    [Fact]
    public async Task A_full_text_is_stored_replaced_and_read_back()
    {
        // Given a paper's full text stored from HTML
        var store = await NewStoreAsync();
        var first = new FullText
        {
            ArxivId = "2408.05366", Source = "html", Url = "https://arxiv.org/html/2408.05366v1",
            Sections = [new FullTextSection(["1 Introduction"], "We recorded 9 hours of real video."), new FullTextSection(["3 Results", "3.1 Fakes"], "5958 deepfake videos.")],
            Captions = ["Figure 1: Examples."],
        };
        await store.SaveFullTextAsync(first, None);

        // When it is fetched again from the PDF
        await store.SaveFullTextAsync(first with { Source = "pdf", Truncated = true }, None);
        var back = await store.GetFullTextAsync("2408.05366", None);

        // Then the newer one is kept, whole
        Assert.Equal("pdf", back!.Source);
        Assert.True(back.Truncated);
        Assert.Equal(["3 Results", "3.1 Fakes"], back.Sections[1].HeadingPath);
        Assert.Equal(["Figure 1: Examples."], back.Captions);
        Assert.Null(await store.GetFullTextAsync("2408.00000", None));
    }

    [Fact]
    public async Task The_change_stamp_moves_on_every_write_and_not_on_reads()
    {
        // Given a store with a day
        var store = await NewStoreAsync();
        var search = (IPaperSearch)store;
        await store.SaveDayAsync(Fixtures.SampleDay(), None);
        var stamps = new List<StoreStamp> { await search.GetChangeStampAsync(None) };

        // When it is only read, then written in each way
        await store.GetDayAsync(Day, None);
        await search.SearchAsync("model", 1, 10, None);
        var afterReads = await search.GetChangeStampAsync(None);
        Func<Task>[] writes =
        [
            () => store.SaveSummaryAsync(new SummaryKey("2408.07246", 0, "s", "m", "p", "ko"), Summary("2408.07246", "요약", Time(1)), None),
            () => store.SaveRunAsync(Run(Time(1), "run"), None),
            () => ((IFetchLog)store).SaveFetchAsync(new FetchReport(Day, FetchStatus.Stored, 8, null), None),
            () => store.SaveFullTextAsync(new FullText { ArxivId = "2408.07246", Source = "html", Url = "u", Sections = [] }, None),
            () => store.SaveDayAsync(Fixtures.SampleDay() with { IsSnapshot = false }, None),
        ];
        foreach (var write in writes)
        {
            await write();
            stamps.Add(await search.GetChangeStampAsync(None));
        }

        // Then reads leave it alone and every write gives a stamp not seen before
        Assert.Equal(stamps[0], afterReads);
        Assert.Equal(stamps.Count, stamps.Distinct().Count());
        Assert.Equal(stamps[^1], await ((IPaperSearch)Track(Reopen(store))).GetChangeStampAsync(None));
    }

    [Fact]
    public async Task A_store_written_by_a_newer_program_is_refused_with_a_message()
    {
        // Given a store whose schema a newer program wrote
        var store = await NewStoreAsync();
        await store.GetDatesAsync(None);
        await SetSchemaVersionAsync(store, 999);

        // When this program opens it
        var ex = await Assert.ThrowsAsync<StoreException>(() => Track(Reopen(store)).GetDatesAsync(None));

        // Then it refuses, naming the version
        Assert.Contains("schema version 999, newer than this program", ex.Message, StringComparison.Ordinal);
    }

    protected static DateTimeOffset Time(int minute) => new(2024, 8, 15, 6, minute, 0, TimeSpan.Zero);

    protected static Summary Summary(string id, string text, DateTimeOffset at, string language = "ko") => new()
    {
        ArxivId = id, Language = language, CreatedAt = at, Origin = new SummaryOrigin("test-fixture", "hand-written", "v1"),
        Sections = [new SummarySection(SectionNames.WhatsNew, text)],
    };

    private static RunReport Run(DateTimeOffset at, string title) => new()
    {
        Date = Day, StartedAt = at, FinishedAt = at, Outcomes = [new PaperOutcome("2408.1", title, "ko", PaperStatus.Done)],
    };
}
