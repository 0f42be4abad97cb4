using DailyPapers.Collect;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using DailyPapers.Summarize.Extractive;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Storage;

public sealed class SqlitePaperStoreTests
{
    private static SqlitePaperStore NewStore() => new(Path.Combine(TestPaths.NewTempFolder(), "store.db"));

    private static DigestRunner Runner(IPaperStore store, ISummarizer? summarizer = null) =>
        new(store, new SummarizerCatalog([summarizer ?? new ExtractiveSummarizer(new RuleBasedRoleClassifier())]), [new BundledSampleSource()], TimeProvider.System);

    private static long Count(SqlitePaperStore store, string sql) => (long)Exec(store, sql)!;

    // A statement on a connection of its own, outside the store (as another process would run it).
    private static object? Exec(SqlitePaperStore store, string sql)
    {
        using var c = new SqliteConnection($"Data Source={store.Path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    [Fact]
    public async Task Search_indexes_a_bounded_prefix_of_a_huge_abstract_so_its_snippet_cost_stays_bounded()
    {
        // Given a paper stored with a 1 MB abstract (more than any feed passes; another path could store it)
        var store = NewStore();
        var filler = string.Concat(Enumerable.Repeat("gaussian splatting renders scenes quickly. ", 25_000));
        var paper = new Paper { ArxivId = "2408.00001", Title = "A long one", Abstract = "Quokka tracking. " + filler + " wombat" };
        await store.SaveDayAsync(new DayFeed(new DateOnly(2024, 8, 15), [new DailyEntry { Date = new DateOnly(2024, 8, 15), Paper = paper }], []), CancellationToken.None);

        // When it is searched by a word near its start and by one past the indexed part
        var near = await store.SearchAsync("gaussian", 1, 10, CancellationToken.None);
        var far = await store.SearchAsync("wombat", 1, 10, CancellationToken.None);

        // Then the index holds the first 20,000 characters only: the early word is found with a short snippet, the
        // late one is not, and the stored abstract itself is whole
        Assert.Equal(20_000, Count(store, "SELECT length(abstract) FROM papers_fts"));
        Assert.Equal("2408.00001", Assert.Single(near.Hits).ArxivId);
        Assert.True(near.Hits[0].Snippet.Length < 400, near.Hits[0].Snippet.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(far.Hits);
        Assert.Equal(paper.Abstract.Length, (await store.GetPaperAsync("2408.00001", CancellationToken.None))!.Abstract.Length);
    }

    [Fact]
    public async Task Saving_an_unchanged_day_again_rewrites_no_paper_and_a_changed_paper_is_rewritten_and_reindexed()
    {
        // Given the sample day stored once
        var store = NewStore();
        var day = await new BundledSampleSource().GetDayAsync(BundledSampleSource.SampleDate, CancellationToken.None);
        await store.SaveDayAsync(day, CancellationToken.None);
        var before = Stamps(store);

        // When the same day is saved again, then once more with one paper retitled (and one abstract missing, which keeps the stored one)
        await store.SaveDayAsync(day, CancellationToken.None);
        var unchanged = Stamps(store);
        var first = day.Entries[0].Paper;
        var second = day.Entries[1].Paper;
        var edited = day with
        {
            Entries = [day.Entries[0] with { Paper = first with { Title = "Quokkas in the wild" } }, day.Entries[1] with { Paper = second with { Abstract = "" } }, .. day.Entries.Skip(2)],
        };
        await store.SaveDayAsync(edited, CancellationToken.None);
        var after = Stamps(store);

        // Then the unchanged save touched no row (the search index is not rebuilt for nothing); the retitled paper alone
        // was rewritten and is found by its new title; the paper without an abstract kept its row and its abstract
        Assert.Equal(8, before.Count);
        Assert.Equal(before, unchanged);
        Assert.Equal([first.ArxivId], after.Where(kv => before[kv.Key] != kv.Value).Select(kv => kv.Key));
        Assert.Equal(first.ArxivId, Assert.Single((await store.SearchAsync("quokkas", 1, 10, CancellationToken.None)).Hits).ArxivId);
        Assert.Equal(second.Abstract, (await store.GetPaperAsync(second.ArxivId, CancellationToken.None))!.Abstract);
    }

    [Fact]
    public async Task The_change_stamp_moves_on_a_write_by_any_connection_and_not_on_a_checkpoint()
    {
        // Given a stored day and the stamp a page was cached at
        var store = NewStore();
        await store.SaveDayAsync(Fixtures.SampleDay(), CancellationToken.None);
        var cached = await store.GetChangeStampAsync(CancellationToken.None);

        // When another connection (as another process would) checkpoints the log into the main file, then writes a row
        Exec(store, "PRAGMA wal_checkpoint(PASSIVE)");
        var afterCheckpoint = await store.GetChangeStampAsync(CancellationToken.None);
        Exec(store, "UPDATE papers SET title = 'Renamed elsewhere' WHERE arxiv_id = '2408.07246'");
        var afterWrite = await store.GetChangeStampAsync(CancellationToken.None);

        // Then the checkpoint, which changes no data, leaves the stamp as it was; the write moves it
        Assert.Equal(cached, afterCheckpoint);
        Assert.NotEqual(cached, afterWrite);
        Assert.Equal("Renamed elsewhere", (await store.GetPaperAsync("2408.07246", CancellationToken.None))!.Title);
    }

    [Fact]
    public async Task The_change_stamp_is_read_from_the_mapped_wal_index_and_moves_on_every_kind_of_write()
    {
        // Given a stored day and its stamp, read from the mapped WAL-index header (on Linux; elsewhere the -wal file's stat)
        var store = NewStore();
        await store.SaveDayAsync(Fixtures.SampleDay(), CancellationToken.None);
        var stamps = new List<StoreStamp> { await store.GetChangeStampAsync(CancellationToken.None) };
        Assert.Equal(OperatingSystem.IsLinux(), WalIndexStamp.For(store.Path)!.IsMapped);

        // When, from connections outside the store (as other processes): a write after every connection of this
        // process's pool was closed (the last connection of a process closing may delete the -wal and -shm files), a
        // write after the log was checkpointed and truncated (the next write starts the log afresh, from its first
        // frame, with new salts), and a write made inside a transaction of two statements; and a checkpoint of the
        // kind SQLite runs by itself (passive), which copies pages to the main file and changes no data
        SqliteConnection.ClearAllPools();
        Exec(store, "UPDATE papers SET title = 'One' WHERE arxiv_id = '2408.07246'");
        stamps.Add(await store.GetChangeStampAsync(CancellationToken.None));
        Exec(store, "PRAGMA wal_checkpoint(PASSIVE)");
        var afterCheckpoint = await store.GetChangeStampAsync(CancellationToken.None);
        Exec(store, "PRAGMA wal_checkpoint(TRUNCATE)");
        Exec(store, "UPDATE papers SET title = 'Two' WHERE arxiv_id = '2408.07246'");
        stamps.Add(await store.GetChangeStampAsync(CancellationToken.None));
        Exec(store, "BEGIN; UPDATE papers SET title = 'Three' WHERE arxiv_id = '2408.07246'; UPDATE papers SET title = 'Three' WHERE arxiv_id = '2408.07246'; COMMIT;");
        stamps.Add(await store.GetChangeStampAsync(CancellationToken.None));

        // Then every write moved the stamp to a value not seen before; the passive checkpoint moved nothing (a truncating
        // one, run only when asked for, may: the next page is then rendered once more); reads see the writes
        Assert.Equal(stamps[1], afterCheckpoint);
        Assert.Equal(stamps.Count, stamps.Distinct().Count());
        Assert.Equal("Three", (await store.GetPaperAsync("2408.07246", CancellationToken.None))!.Title);
        Assert.Equal(stamps[^1], await store.GetChangeStampAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_store_made_anew_at_the_same_path_is_mapped_anew_and_its_writes_move_the_stamp()
    {
        // Given a store whose stamp was read (its WAL index mapped), then deleted with its log files and made anew at the
        // same path, and the second in which the files are checked again
        var store = NewStore();
        await store.SaveDayAsync(Fixtures.SampleDay(), CancellationToken.None);
        await store.GetChangeStampAsync(CancellationToken.None);
        var first = WalIndexStamp.For(store.Path);
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(store.Path + suffix);
        var again = new SqlitePaperStore(store.Path);
        await again.SaveDayAsync(Fixtures.SampleDay(), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await again.GetChangeStampAsync(CancellationToken.None);

        // When the new store is written between two stamps
        var before = await again.GetChangeStampAsync(CancellationToken.None);
        Exec(again, "UPDATE papers SET title = 'Renamed' WHERE arxiv_id = '2408.07246'");
        var after = await again.GetChangeStampAsync(CancellationToken.None);

        // Then the new files are mapped (the old mapping would never move again) and the write moved the stamp
        var mapped = WalIndexStamp.For(again.Path)!;
        Assert.NotSame(first, mapped);
        Assert.Equal(OperatingSystem.IsLinux(), mapped.IsMapped);
        Assert.NotEqual(before, after);
        Assert.Equal(after, await again.GetChangeStampAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_page_caches_of_many_connections_together_stay_within_the_store_memory_setting()
    {
        // Given a store opened with the default memory for SQLite's caches (8 MiB), about 24 MiB of data in it
        var store = NewStore();
        await store.SaveDayAsync(Fixtures.SampleDay(), CancellationToken.None);
        Exec(store, """
            CREATE TABLE filler(b BLOB);
            WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 6000) INSERT INTO filler SELECT randomblob(4000) FROM n;
            """);

        // When eight connections (a server's pool under load) each read all of it, and stay open
        var connections = Enumerable.Range(0, 8).Select(_ => new SqliteConnection($"Data Source={store.Path};Pooling=False")).ToList();
        try
        {
            foreach (var c in connections)
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "SELECT count(*) FROM filler WHERE b <> x''";
                Assert.Equal(6000L, (long)cmd.ExecuteScalar()!);
            }

            // Then their page caches hold 8 MiB together, not SQLite's 2 MiB each (16 MiB for eight)
            var used = connections.Sum(c =>
            {
                Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_db_status(c.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_USED, out var current, out _, 0));
                return (long)current;
            });
            Assert.InRange(used, 1, 9L * 1024 * 1024);
        }
        finally
        {
            connections.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Cancelling_interrupts_a_statement_that_is_still_running_inside_SQLite()
    {
        // Given a store whose day list is a view that counts to ten billion before it could yield a row (one statement
        // step that would run for hours: Microsoft.Data.Sqlite alone checks the token only between steps)
        var store = NewStore();
        await store.SaveDayAsync(await new BundledSampleSource().GetDayAsync(BundledSampleSource.SampleDate, CancellationToken.None), CancellationToken.None);
        using (var c = new SqliteConnection($"Data Source={store.Path}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = """
                DROP TABLE daily_entries;
                CREATE VIEW daily_entries AS
                    WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000000000)
                    SELECT '2024-08-15' AS date FROM n WHERE x < 0;
                """;
            cmd.ExecuteNonQuery();
        }
        using var cancel = new CancellationTokenSource();

        // When the day list is read and the caller gives up once the statement is running
        var reading = Task.Run(() => store.GetDatesAsync(cancel.Token)); // the driver steps synchronously: off the test thread
        await Task.Delay(300);
        Assert.False(reading.IsCompleted);
        await cancel.CancelAsync();

        // Then the statement is interrupted: the read ends as cancelled (the guard only stops a broken build from
        // hanging the suite; an uninterrupted statement would run for hours)
        var ended = await Record.ExceptionAsync(() => reading.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.IsAssignableFrom<OperationCanceledException>(ended);
    }

    private static Dictionary<string, string> Stamps(SqlitePaperStore store)
    {
        using var c = new SqliteConnection($"Data Source={store.Path}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT arxiv_id, updated_at FROM papers";
        using var r = cmd.ExecuteReader();
        var stamps = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read()) stamps[r.GetString(0)] = r.GetString(1);
        return stamps;
    }

    [Fact]
    public async Task Running_a_day_twice_leaves_one_set_of_entries_and_reuses_every_summary()
    {
        var store = NewStore();
        var counting = new CountingSummarizer(new ExtractiveSummarizer(new RuleBasedRoleClassifier()));
        var request = new DigestRequest(BundledSampleSource.SampleDate, ["ko"]);

        var first = await Runner(store, counting).RunAsync(request, null, CancellationToken.None);
        var second = await Runner(store, counting).RunAsync(request, null, CancellationToken.None);

        Assert.Equal(8, Count(store, "SELECT COUNT(*) FROM daily_entries WHERE date = '2024-08-15'"));
        Assert.Equal(8, Count(store, "SELECT COUNT(*) FROM summaries"));
        Assert.Equal(2, Count(store, "SELECT COUNT(*) FROM runs"));
        Assert.Equal(8, counting.Calls);
        Assert.All(second.Report.Outcomes, o => Assert.True(o.Reused));
        Assert.Equal(first.Digests[0].Items.Select(i => i.Summary!.Sections), second.Digests[0].Items.Select(i => i.Summary!.Sections));
    }

    [Fact]
    public async Task A_stored_day_reads_back_with_every_field()
    {
        var store = NewStore();
        var day = Fixtures.SampleDay();

        await store.SaveDayAsync(day, CancellationToken.None);
        var back = await store.GetDayAsync(day.Date, CancellationToken.None);

        Assert.NotNull(back);
        Assert.Equal(day.Entries.Select(e => (e.Paper.ArxivId, e.Upvotes, e.MediaUrl, e.FeedOrder, e.PostedAt)),
            back.Entries.Select(e => (e.Paper.ArxivId, e.Upvotes, e.MediaUrl, e.FeedOrder, e.PostedAt)));
        Assert.Equal(day.Entries.Select(e => e.Paper.Authors), back.Entries.Select(e => e.Paper.Authors));
        Assert.Equal(day.Entries.Select(e => e.Paper.Abstract), back.Entries.Select(e => e.Paper.Abstract));
        Assert.Equal([day.Date], await store.GetDatesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_refetch_does_not_wipe_a_stored_day_and_a_smaller_one_replaces_it()
    {
        var store = NewStore();
        var day = Fixtures.SampleDay();
        await store.SaveDayAsync(day, CancellationToken.None);

        await store.SaveDayAsync(new DayFeed(day.Date, [], [new FeedProblem("x", null, "malformed")]), CancellationToken.None);
        Assert.Equal(8, (await store.GetDayAsync(day.Date, CancellationToken.None))!.Entries.Count);

        await store.SaveDayAsync(day with { Entries = day.Entries.Take(3).ToList() }, CancellationToken.None);
        Assert.Equal(3, (await store.GetDayAsync(day.Date, CancellationToken.None))!.Entries.Count);
        Assert.Equal(8, Count(store, "SELECT COUNT(*) FROM papers")); // papers are never deleted
    }

    [Fact]
    public async Task A_failing_paper_is_stored_in_the_report_with_its_reason_and_the_rest_go_on()
    {
        var store = NewStore();
        var failing = new FailingSummarizer("2408.05366");

        var result = await Runner(store, failing).RunAsync(new DigestRequest(BundledSampleSource.SampleDate, ["en"]), null, CancellationToken.None);

        var failed = Assert.Single(result.Report.Failed);
        Assert.Equal("2408.05366", failed.ArxivId);
        Assert.Equal("scripted failure", failed.Reason);
        Assert.Equal(7, result.Report.Outcomes.Count(o => o.Status == PaperStatus.Done));
        Assert.Equal(8, result.Digests[0].Items.Count);
        var stored = await store.GetLatestRunAsync(BundledSampleSource.SampleDate, CancellationToken.None);
        Assert.Equal("scripted failure", Assert.Single(stored!.Failed).Reason);
    }

    [Fact]
    public async Task An_unexpected_fault_in_one_paper_fails_that_paper_and_the_report_is_still_saved()
    {
        // Given a summarizer that crashes with an exception no stage expects, for one paper
        var store = NewStore();
        var crashing = new FailingSummarizer("2408.07410", crash: true);

        // When the day runs
        var result = await Runner(store, crashing).RunAsync(new DigestRequest(BundledSampleSource.SampleDate, ["en"]), null, CancellationToken.None);

        // Then that paper is failed with the exception named, the other seven are done, and the run is recorded
        var failed = Assert.Single(result.Report.Failed);
        Assert.Equal("2408.07410", failed.ArxivId);
        Assert.Equal("InvalidOperationException: scripted crash", failed.Reason);
        Assert.Equal(7, result.Report.Outcomes.Count(o => o.Status == PaperStatus.Done));
        Assert.NotNull(await store.GetLatestRunAsync(BundledSampleSource.SampleDate, CancellationToken.None));
    }

    [Fact]
    public async Task A_snapshot_day_reads_back_as_one_until_a_live_feed_replaces_it()
    {
        // Given the bundled sample day stored
        var store = new SqlitePaperStore(Path.Combine(TestPaths.NewTempFolder(), "s.db"));
        var sample = await new DailyPapers.Collect.BundledSampleSource().GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None);
        await store.SaveDayAsync(sample, CancellationToken.None);
        var stored = (await store.GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None))!;

        // When the same day comes from a live feed
        await store.SaveDayAsync(sample with { IsSnapshot = false }, CancellationToken.None);
        var replaced = (await store.GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None))!;

        // Then the stored snapshot said so, and the live copy does not
        Assert.True(sample.IsSnapshot);
        Assert.True(stored.IsSnapshot);
        Assert.False(replaced.IsSnapshot);
        Assert.Equal(8, replaced.Entries.Count);
    }

    [Fact]
    public async Task A_store_from_a_newer_program_is_refused_with_a_message()
    {
        var store = NewStore();
        await store.GetDatesAsync(CancellationToken.None);
        using (var c = new SqliteConnection($"Data Source={store.Path};Pooling=false"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 999";
            cmd.ExecuteNonQuery();
        }

        var ex = await Assert.ThrowsAsync<StoreException>(() => new SqlitePaperStore(store.Path).GetDatesAsync(CancellationToken.None));
        Assert.Contains("newer than this program", ex.Message, StringComparison.Ordinal);
    }

    private sealed class CountingSummarizer(ISummarizer inner) : ISummarizer
    {
        private int _calls;
        public int Calls => _calls;
        public string Name => inner.Name;
        public SummaryOrigin Origin => inner.Origin;
        public string OutputLanguage(string requested) => inner.OutputLanguage(requested);
        public Task<Summary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return inner.SummarizeAsync(request, cancellationToken);
        }
    }

    private sealed class FailingSummarizer(string failId, bool crash = false) : ISummarizer
    {
        private readonly ExtractiveSummarizer _inner = new(new RuleBasedRoleClassifier());
        public string Name => "extractive";
        public SummaryOrigin Origin => new("failing", "m", "p");
        public string OutputLanguage(string requested) => requested;
        public Task<Summary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken) =>
            request.Paper.ArxivId != failId ? _inner.SummarizeAsync(request, cancellationToken)
            : crash ? throw new InvalidOperationException("scripted crash")
            : throw new SummarizationException("scripted failure");
    }
}
