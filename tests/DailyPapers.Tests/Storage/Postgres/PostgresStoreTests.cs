using System.Globalization;
using DailyPapers.Papers;
using DailyPapers.Postgres;
using DailyPapers.Storage;
using Npgsql;

namespace DailyPapers.Tests.Storage.Postgres;

/// <summary>What only the PostgreSQL store has to get right: concurrent migration, connection errors, the password.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Search_works_when_the_connection_string_multiplexes_for_queries_of_every_shape()
    {
        // Given a store holding two papers, and a second store over it whose connection string multiplexes
        var connectionString = await cluster.NewDatabaseAsync();
        await using (var writer = new PostgresPaperStore(connectionString))
        {
            await ((IPaperImport)writer).ImportPapersAsync(
            [
                new Paper { ArxivId = "2409.00001", Version = 1, Title = "Quokka colonies on islands", Authors = ["Ada Lovelace"], Abstract = "Every quokka was counted at dawn." },
                new Paper { ArxivId = "2409.00002", Version = 1, Title = "새로운 아키텍처", Authors = ["Ada Lovelace"], Abstract = "아키텍처를 제안한다." },
            ], CancellationToken.None);
        }
        await using var store = new PostgresPaperStore(connectionString + ";Multiplexing=true");
        var search = (IPaperSearch)store;

        // When queries of one to four terms, phrases and Korean prefixes are searched through it
        string[] queries = ["quokka", "quokka islands", "\"quokka colonies\" dawn", "quokka every counted dawn", "아키텍처", "아키텍처 새로운", "numbat"];
        var totals = new List<int>();
        foreach (var q in queries) totals.Add((await search.SearchAsync(q, 1, 10, CancellationToken.None)).Total);

        // Then every search answers (the search pool prepares its statement, which a multiplexing pool refuses)
        Assert.Equal([1, 1, 1, 1, 1, 1, 0], totals);
    }

    [Fact]
    public async Task Processes_starting_at_once_migrate_a_new_database_exactly_once()
    {
        // Given a new database and four stores over it (as four processes would start)
        var connectionString = await cluster.NewDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresPaperStore(connectionString)).ToList();

        // When they all first touch it at the same moment
        await Task.WhenAll(stores.Select(s => Task.Run(() => s.GetDatesAsync(CancellationToken.None))));

        // Then each migration ran once and the schema records the latest version once
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT string_agg(version::text, ',') FROM dailypapers_schema", c);
        Assert.Equal(PostgresSchema.Migrations.Count.ToString(CultureInfo.InvariantCulture), await cmd.ExecuteScalarAsync());
        foreach (var s in stores) await s.DisposeAsync();
    }

    [Fact]
    public async Task A_wrong_password_names_the_store_and_never_shows_the_password()
    {
        // Given a connection string with a wrong password
        var wrong = "not-the-" + cluster.Password;
        var builder = new NpgsqlConnectionStringBuilder(cluster.ConnectionString("postgres")) { Password = wrong };
        await using var store = new PostgresPaperStore(builder.ToString());

        // When the store is first used
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.GetDatesAsync(CancellationToken.None));

        // Then the message says which store and what failed, without either password
        Assert.Contains($"the store 'postgres://dailypapers@127.0.0.1:{cluster.Port}/postgres'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_that_echoes_the_password_is_redacted()
    {
        // Given a connection string whose (missing) database happens to be named like the password, so the server echoes it
        var builder = new NpgsqlConnectionStringBuilder(cluster.ConnectionString(cluster.Password));
        await using var store = new PostgresPaperStore(builder.ToString());

        // When the store is first used
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.GetDatesAsync(CancellationToken.None));

        // Then the server's complaint is passed on with the password replaced
        Assert.Contains("database \"***\" does not exist", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Password, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_a_clear_error()
    {
        // Given a store pointing at a loopback port where nothing listens
        await using var store = new PostgresPaperStore("Host=127.0.0.1;Port=1;Username=u;Password=secret-x1;Database=d;Timeout=5");

        // When it is first used
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.GetDatesAsync(CancellationToken.None));

        // Then the error names the store and does not show the password
        Assert.StartsWith("cannot open the store 'postgres://u@127.0.0.1:1/d': ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-x1", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_echoing_it()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new PostgresPaperStore("Host=127.0.0.1;Passwrod=secret-x2"));

        Assert.StartsWith("the PostgreSQL store's connection string (DailyPapers:Store:ConnectionString) is invalid: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-x2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_writers_summarizing_the_same_papers_at_once_both_reach_the_search_index()
    {
        // Given 20 stored papers and two stores over the database (two processes)
        var connectionString = await cluster.NewDatabaseAsync();
        await using var first = new PostgresPaperStore(connectionString);
        await using var second = new PostgresPaperStore(connectionString);
        var ids = Enumerable.Range(0, 20).Select(i => $"2408.{i + 100:00000}").ToList();
        await first.SaveDayAsync(new Papers.DayFeed(new DateOnly(2024, 8, 15), [.. ids.Select((id, i) => Fixtures.Entry(id, "Paper " + i, order: i))], []), CancellationToken.None);

        // When each writes a summary of every paper under its own key, at the same moment
        static Papers.Summary Written(string id, string word, string language) => new()
        {
            ArxivId = id, Language = language, CreatedAt = DateTimeOffset.UnixEpoch, Origin = new Papers.SummaryOrigin("test-fixture", "hand-written", "v1"),
            Sections = [new Papers.SummarySection(Papers.SectionNames.WhatsNew, word + id.Replace(".", "", StringComparison.Ordinal))],
        };
        // (each pair starts together, released by one gate, so the two transactions overlap)
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writes = ids.SelectMany(id => new[]
        {
            Task.Run(async () => { await gate.Task; await first.SaveSummaryAsync(new DailyPapers.Storage.SummaryKey(id, 1, "a", "m", "p", "ko"), Written(id, "alpha", "ko"), CancellationToken.None); }),
            Task.Run(async () => { await gate.Task; await second.SaveSummaryAsync(new DailyPapers.Storage.SummaryKey(id, 1, "b", "m", "p", "en"), Written(id, "beta", "en"), CancellationToken.None); }),
        }).ToList();
        await first.GetDatesAsync(CancellationToken.None); // both pools warm before the gate opens
        await second.GetDatesAsync(CancellationToken.None);
        gate.SetResult();
        await Task.WhenAll(writes);

        // Then every paper is found by both writers' words
        foreach (var id in ids)
        {
            var word = id.Replace(".", "", StringComparison.Ordinal);
            Assert.Equal([id], (await first.SearchAsync("alpha" + word, 1, 10, CancellationToken.None)).Hits.Select(h => h.ArxivId));
            Assert.Equal([id], (await first.SearchAsync("beta" + word, 1, 10, CancellationToken.None)).Hits.Select(h => h.ArxivId));
        }
    }

    [Fact]
    public async Task Days_sharing_papers_in_opposite_orders_save_at_once_without_deadlock()
    {
        // Given two days that hold the same ten papers in opposite feed orders
        var connectionString = await cluster.NewDatabaseAsync();
        await using var first = new PostgresPaperStore(connectionString);
        await using var second = new PostgresPaperStore(connectionString);
        var ids = Enumerable.Range(0, 10).Select(i => $"2408.{i + 200:00000}").ToList();
        Papers.DayFeed Day(int dayOfMonth, IEnumerable<string> order) =>
            new(new DateOnly(2024, 8, dayOfMonth), [.. order.Select((id, i) => Fixtures.Entry(id, "Paper " + id, order: i))], []);

        // When both are saved at once, ten times over
        for (var round = 0; round < 10; round++)
            await Task.WhenAll(
                Task.Run(() => first.SaveDayAsync(Day(15, ids), CancellationToken.None)),
                Task.Run(() => second.SaveDayAsync(Day(16, Enumerable.Reverse(ids)), CancellationToken.None)));

        // Then every save went through and both days hold all ten papers
        Assert.Equal(10, (await first.GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None))!.Entries.Count);
        Assert.Equal(10, (await first.GetDayAsync(new DateOnly(2024, 8, 16), CancellationToken.None))!.Entries.Count);
    }

    [Fact]
    public async Task Literal_backslash_u0000_text_and_unpaired_surrogates_are_stored_without_failing()
    {
        var connectionString = await cluster.NewDatabaseAsync();
        await using var store = new PostgresPaperStore(connectionString);
        var entry = Fixtures.Entry("2408.00300", "Path C:\\u0000 stays", abs: "Broken \uD800 pair.");

        await store.SaveDayAsync(new Papers.DayFeed(new DateOnly(2024, 8, 15), [entry], []), CancellationToken.None);
        var paper = (await store.GetDayAsync(new DateOnly(2024, 8, 15), CancellationToken.None))!.Entries[0].Paper;

        Assert.Equal("Path C:\\u0000 stays", paper.Title);
        Assert.Equal("Broken \uFFFD pair.", paper.Abstract);
    }

    [Fact]
    public async Task The_change_stamp_is_read_at_most_once_a_second_and_a_write_here_shows_at_once()
    {
        // Given a store whose clock stands still and another instance over the same database (another machine)
        var connectionString = await cluster.NewDatabaseAsync();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        await using var store = new PostgresPaperStore(connectionString, clock);
        await using var other = new PostgresPaperStore(connectionString);
        var first = await store.GetChangeStampAsync(CancellationToken.None);

        // When the other instance writes, then the clock moves past the stamp's lifetime, then this store writes
        await other.SaveDayAsync(new Papers.DayFeed(new DateOnly(2024, 8, 15), [Fixtures.Entry("2408.00401", "Other")], []), CancellationToken.None);
        var withinLifetime = await store.GetChangeStampAsync(CancellationToken.None);
        clock.Advance(PostgresPaperStore.StampLifetime);
        var afterLifetime = await store.GetChangeStampAsync(CancellationToken.None);
        await store.SaveDayAsync(new Papers.DayFeed(new DateOnly(2024, 8, 16), [Fixtures.Entry("2408.00402", "Here")], []), CancellationToken.None);
        var afterOwnWrite = await store.GetChangeStampAsync(CancellationToken.None);

        // Then the cached stamp served requests until its lifetime ended; the own write moved it with no time passing
        Assert.Equal(first, withinLifetime);
        Assert.NotEqual(first, afterLifetime);
        Assert.NotEqual(afterLifetime, afterOwnWrite);
        Assert.Equal(afterOwnWrite, await store.GetChangeStampAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_first_open_is_tried_again_on_the_next_call()
    {
        // Given a store over a database that does not exist yet
        var name = "late_" + Guid.NewGuid().ToString("N");
        await using var store = new PostgresPaperStore(cluster.ConnectionString(name));
        var ex = await Assert.ThrowsAsync<StoreException>(() => store.GetDatesAsync(CancellationToken.None));

        // When the database is created afterwards
        await using (var c = new NpgsqlConnection(cluster.ConnectionString("postgres") + ";Pooling=false"))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }

        // Then the same store opens, migrates and answers
        Assert.Contains($"database \"{name}\" does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await store.GetDatesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_store_made_before_the_title_search_index_gets_it_on_upgrade_and_ranks_title_matches_first()
    {
        // Given a database built by the migrations before the title index (schema 11), with papers written then
        var connectionString = await DatabaseAtSchemaAsync(11, """
            INSERT INTO papers (arxiv_id, version, title, authors_json, abstract, links_json, updated_at) VALUES
                ('2401.00001', 1, 'Counting marsupials', '[]', 'Every bilby was counted.', '[]', now()),
                ('2401.00002', 1, 'Bilby burrows', '[]', 'Where desert marsupials sleep.', '[]', now());
            """);

        // When the store opens it (migrating it) and searches
        await using var store = new PostgresPaperStore(connectionString);
        var page = await store.SearchAsync("bilby", 1, 10, CancellationToken.None);

        // Then the old papers are found, the title match first, and the index of titles exists and is used by the search
        Assert.Equal(["2401.00002", "2401.00001"], page.Hits.Select(h => h.ArxivId));
        await using var check = new NpgsqlConnection(connectionString + ";Pooling=false");
        await check.OpenAsync();
        await using var index = new NpgsqlCommand("SELECT indexdef FROM pg_indexes WHERE indexname = 'paper_search_title'", check);
        Assert.Contains("ts_filter(document", (string?)await index.ExecuteScalarAsync(), StringComparison.Ordinal);
        // (the search table is partitioned by year since migration 14: the plan names the 2024 partition's part of the index)
        await using var part = new NpgsqlCommand("SELECT string_agg(inhrelid::regclass::text, ' ') FROM pg_inherits WHERE inhparent = 'paper_search_title'::regclass", check);
        var parts = ((string?)await part.ExecuteScalarAsync() ?? "").Split(' ');
        await using var plan = new NpgsqlCommand("SET enable_seqscan = off; EXPLAIN SELECT 1 FROM paper_search WHERE ts_filter(document, '{a}') @@ to_tsquery('simple', 'bilby:*')", check);
        var lines = new List<string>();
        await using (var r = await plan.ExecuteReaderAsync())
            while (await r.ReadAsync()) lines.Add(r.GetString(0));
        Assert.Contains(lines, l => l.Contains("Bitmap Index Scan", StringComparison.Ordinal) && parts.Any(p => l.Contains(" on " + p + " ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_store_turns_just_in_time_compilation_and_parallel_plans_off_unless_its_connection_string_sets_them()
    {
        // Given a store with a plain connection string and one whose Options set both
        var connectionString = await cluster.NewDatabaseAsync();
        await using var plain = new PostgresPaperStore(connectionString);
        await using var chosen = new PostgresPaperStore(connectionString + ";Options=-c jit=on -c max_parallel_workers_per_gather=3");

        // When each asks the server
        async Task<string?> Settings(PostgresPaperStore store)
        {
            await using var c = await store.OpenNpgsqlAsync(CancellationToken.None);
            await using var cmd = new NpgsqlCommand("SELECT current_setting('jit') || ' ' || current_setting('max_parallel_workers_per_gather')", c);
            return (string?)await cmd.ExecuteScalarAsync();
        }

        // Then both are off for the first and as the connection string says for the second
        Assert.Equal("off 0", await Settings(plain));
        Assert.Equal("on 3", await Settings(chosen));
    }

    [Fact]
    public async Task A_word_in_more_papers_than_a_search_reads_is_searched_in_the_newest_papers()
    {
        // Given 250 papers of 2009 that mention a word once, written first, and three of 2024 that mention it twice
        var connectionString = await cluster.NewDatabaseAsync();
        await using var store = new PostgresPaperStore(connectionString);
        var ct = CancellationToken.None;
        var old = Enumerable.Range(1, SearchPage.MaxResults + 50).Select(i => new Paper
        {
            ArxivId = string.Create(CultureInfo.InvariantCulture, $"0901.{i:0000}"), Version = 1, Title = "An older paper", Authors = ["A"],
            Abstract = "A wombat was seen once.",
        });
        await store.ImportPapersAsync([.. old], ct);
        await store.ImportPapersAsync([.. Enumerable.Range(1, 3).Select(i => new Paper
        {
            ArxivId = string.Create(CultureInfo.InvariantCulture, $"2401.{i:00000}"), Version = 1, Title = "A newer paper", Authors = ["B"],
            Abstract = "A wombat, and then a second wombat.",
        })], ct);

        // When the word is searched
        var page = await store.SearchAsync("wombat", 1, 10, ct);

        // Then the search read the newest matches: the three new papers rank first (the word twice), and the count is capped
        Assert.Equal(["2401.00001", "2401.00002", "2401.00003"], page.Hits.Take(3).Select(h => h.ArxivId));
        Assert.True(page.TotalCapped);
    }

    [Fact]
    public async Task A_store_made_before_the_search_was_split_by_year_keeps_every_paper_searchable()
    {
        // Given a database built by the migrations before the split (schema 13), with papers of several eras and an id
        // that is not arXiv's, one with a summary
        var connectionString = await DatabaseAtSchemaAsync(13, """
            INSERT INTO papers (arxiv_id, version, title, authors_json, abstract, links_json, updated_at) VALUES
                ('hep-th/9901001', 1, 'Strings and a numbat', '[]', 'Old style.', '[]', now()),
                ('math.AG/0101001', 1, 'Curves', '[]', 'A numbat on a curve.', '[]', now()),
                ('0704.0001', 1, 'Early new style', '[]', 'A numbat again.', '[]', now()),
                ('1501.00001', 1, 'Mid', '[]', 'Numbat.', '[]', now()),
                ('2412.12345', 1, 'Recent', '[]', 'Numbat numbat.', '[]', now()),
                ('openreview:abc', 1, 'Elsewhere', '[]', 'Numbat elsewhere.', '[]', now());
            INSERT INTO summaries VALUES ('1501.00001', 1, 's', 'm', 'p', 'en', '{"sections":[{"name":"x","text":"A quokka."}]}', now());
            """);

        // When the store opens it (migrating it) and searches
        await using var store = new PostgresPaperStore(connectionString);
        var page = await store.SearchAsync("numbat", 1, 10, CancellationToken.None);

        // Then every paper is found, each search document sits in its year's partition, and summary text still matches
        Assert.Equal(6, page.Total);
        await using var check = new NpgsqlConnection(connectionString + ";Pooling=false");
        await check.OpenAsync();
        await using var where = new NpgsqlCommand("SELECT string_agg(arxiv_id || '=' || tableoid::regclass::text, ' ' ORDER BY arxiv_id) FROM paper_search", check);
        Assert.Equal("0704.0001=paper_search_before_2008 1501.00001=paper_search_2015 2412.12345=paper_search_2024 hep-th/9901001=paper_search_before_2008 "
            + "math.AG/0101001=paper_search_before_2008 openreview:abc=paper_search_undated", await where.ExecuteScalarAsync());
        Assert.Equal(["1501.00001"], (await store.SearchAsync("quokka", 1, 10, CancellationToken.None)).Hits.Select(h => h.ArxivId));
    }

    [Fact]
    public async Task An_import_builds_the_same_search_documents_as_the_trigger_and_keeps_summary_text()
    {
        // Given a paper with a summary, stored the ordinary way
        var connectionString = await cluster.NewDatabaseAsync();
        await using var store = new PostgresPaperStore(connectionString);
        var ct = CancellationToken.None;
        await store.SaveDayAsync(new DayFeed(new DateOnly(2024, 8, 15), [Fixtures.Entry("2408.00001", "Old title", abs: "Old abstract.")], []), ct);
        await store.SaveSummaryAsync(new SummaryKey("2408.00001", 0, "s", "m", "p", "en"),
            new Summary { ArxivId = "2408.00001", Language = "en", Sections = [new SummarySection(SectionNames.WhatsNew, "A wombat in the summary.")], Origin = new SummaryOrigin("s", "m", "p") }, ct);

        // When an import brings a newer version of it and a new paper
        var changed = await store.ImportPapersAsync(
        [
            new Paper { ArxivId = "2408.00001", Version = 2, Title = "New bilby title", Authors = ["A"], Abstract = "A new abstract about burrows." },
            new Paper { ArxivId = "2408.00002", Version = 1, Title = "Another paper", Authors = ["B"], Abstract = "Its abstract." },
        ], ct);

        // Then both changed, and each search document is exactly what the trigger would build (summary text kept)
        Assert.Equal(2, changed);
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using (var rebuild = new NpgsqlCommand("CREATE TEMP TABLE imported AS SELECT * FROM paper_search; SELECT dailypapers_refresh_search(arxiv_id) FROM papers", c))
            await rebuild.ExecuteNonQueryAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT string_agg(i.arxiv_id || ':' || (i.document = s.document)::text || ':' || i.summaries, ',' ORDER BY i.arxiv_id)
            FROM imported i JOIN paper_search s USING (arxiv_id);
            """, c);
        Assert.Equal("2408.00001:true:A wombat in the summary.,2408.00002:true:", await cmd.ExecuteScalarAsync());
        Assert.Equal(["2408.00001"], (await store.SearchAsync("wombat bilby", 1, 10, ct)).Hits.Select(h => h.ArxivId));
    }

    /// <summary>A new database built by the first <paramref name="version"/> migrations, as an older DailyPapers left it, then <paramref name="rows"/> run in it.</summary>
    private async Task<string> DatabaseAtSchemaAsync(int version, string rows)
    {
        var connectionString = await cluster.NewDatabaseAsync();
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(string.Join(";\n", PostgresSchema.Migrations.Take(version))
            + $";\nCREATE TABLE dailypapers_schema (version integer NOT NULL);\nINSERT INTO dailypapers_schema VALUES ({version});\n" + rows, c);
        await cmd.ExecuteNonQueryAsync();
        return connectionString;
    }
}
