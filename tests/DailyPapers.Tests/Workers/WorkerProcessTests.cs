using System.Diagnostics;
using System.Text;
using DailyPapers.Tests.Cli;
using DailyPapers.Tests.Llm;
using DailyPapers.Tests.Storage.Postgres;
using DailyPapers.Workers;
using Npgsql;

namespace DailyPapers.Tests.Workers;

/// <summary>
/// Real <c>dailypapers worker</c> processes on the test PostgreSQL, summarizing through the scripted loopback model
/// server (its replies are canned JSON, not a model's): the queue, the shared call limit and a worker killed mid-run.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkerProcessTests(PostgresCluster cluster) : IAsyncLifetime
{
    private const string Date = "2024-06-24"; // a real Hugging Face day of 25 papers
    private ScriptedModelServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string> WorkerSettings(string connectionString) => new()
    {
        ["DAILYPAPERS__STORE__PROVIDER"] = "postgres",
        ["DAILYPAPERS__STORE__CONNECTIONSTRING"] = connectionString,
        ["DAILYPAPERS__WORKERS__ENABLED"] = "true",
        ["DAILYPAPERS__WORKERS__POLLINTERVAL"] = "00:00:00.250",
        ["DAILYPAPERS__WORKERS__INVISIBILITYTIMEOUT"] = "00:00:15",
        ["DAILYPAPERS__ARXIV__METADATA"] = "false",
        ["DAILYPAPERS__ARXIV__FULLTEXT"] = "false",
        ["DAILYPAPERS__LLM__PROVIDER"] = "openai",
        ["DAILYPAPERS__LLM__ENDPOINT"] = _server.OpenAIEndpoint,
        ["DAILYPAPERS__LLM__MODEL"] = "scripted-model",
        ["DAILYPAPERS__LLM__APIKEY"] = "sk-test-not-a-real-key",
        ["DAILYPAPERS__LLM__MAXCONCURRENCY"] = "4",
        ["DAILYPAPERS__LLM__TIMEOUT"] = "00:01:00",
        ["DAILYPAPERS__LLM__RETRYDELAY"] = "00:00:00.020",
    };

    [Fact]
    public async Task Two_workers_one_killed_mid_run_the_other_finishes_every_paper_once_and_publishes_the_day_once()
    {
        // Given two worker processes sharing the test PostgreSQL, and a model server answering each call after 400 ms
        _server.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson()).After(TimeSpan.FromMilliseconds(400));
        var connectionString = await cluster.NewDatabaseAsync();
        var env = WorkerSettings(connectionString);
        var folder = TestPaths.NewTempFolder();
        var outFile = Path.Combine(folder, "digest.md");
        using var first = WorkerProcess.Start(env);
        using var second = WorkerProcess.Start(env);

        // When a day of 25 papers is enqueued, and the first worker is killed (SIGKILL) once a few calls were made
        var enqueue = await CliRunner.RunProcessAsync(env, "digest", "--date", Date, "--source", Path.Combine(TestPaths.HfRaw2024, Date + ".json"),
            "--lang", "ko", "--out", outFile, "--no-wait");
        Assert.True(enqueue.ExitCode == 0, enqueue.Stderr);
        Assert.Contains("enqueued run", enqueue.Stderr, StringComparison.Ordinal);
        await Until(() => Task.FromResult(_server.Requests.Count >= 6), "six model calls", first, second);
        var mostBeforeTheKill = _server.MaxInFlight;
        first.Kill();
        // The killed worker's calls the server is still answering (as a provider would): they held slots that the
        // database gives back at once, so for a moment they count beside the surviving worker's calls
        var orphanedAtTheKill = _server.InFlight;
        // What the killed worker lost: the papers it had called the model for but whose summary it had not stored yet
        // (the call still in flight, or answered and being verified/stored when SIGKILL landed). Read at once after the
        // kill: calls made so far, and the summaries stored so far.
        var calledByTheKill = _server.Requests.Select(r => r.ArxivId).OfType<string>().ToList();
        var storedAtTheKill = (await Column<string>(connectionString, "SELECT arxiv_id FROM summaries WHERE language = 'ko'")).ToHashSet(StringComparer.Ordinal);
        var lostAtTheKill = calledByTheKill.Distinct().Count(id => !storedAtTheKill.Contains(id));
        Assert.Equal(calledByTheKill.Count, calledByTheKill.Distinct().Count()); // no paper called twice while both workers lived
        Assert.Equal(0L, await Scalar<long>(connectionString, "SELECT count(*) FROM work_runs WHERE published_at IS NOT NULL")); // killed mid-run

        // Then the second worker finishes and publishes the run
        await Until(async () => await Scalar<long>(connectionString, "SELECT count(*) FROM work_runs WHERE published_at IS NOT NULL") == 1, "the run published",
            () => QueueStateAsync(connectionString), TimeSpan.FromMinutes(5), second);
        var papers = _server.Requests.Select(r => r.ArxivId).OfType<string>().Distinct().ToList();
        Assert.Equal(25, papers.Count);
        // every paper summarized and stored exactly once, in one run row counting all 25 enrich and 25 summarize jobs
        Assert.Equal(25L, await Scalar<long>(connectionString, "SELECT count(DISTINCT arxiv_id) FROM summaries WHERE language = 'ko'"));
        Assert.Equal(25L, await Scalar<long>(connectionString, "SELECT count(*) FROM summaries WHERE language = 'ko'"));
        Assert.Equal("50/50", await Scalar<string>(connectionString, "SELECT finished || '/' || total FROM work_runs"));
        Assert.Equal(0L, await Scalar<long>(connectionString, "SELECT count(*) FROM work_items WHERE finished_at IS NULL"));
        // model calls: one per paper, plus one again for each paper whose call the killed worker had not brought to the
        // store; a summary stored before the kill is never asked for again
        var calls = _server.Requests.Select(r => r.ArxivId).OfType<string>().ToList();
        Assert.True(calls.Count <= 25 + lostAtTheKill, $"{calls.Count} calls for 25 papers with {lostAtTheKill} calls lost at the kill");
        Assert.All(storedAtTheKill, id => Assert.Equal(1, calls.Count(c => c == id)));
        // the call limit held over both workers together (each process alone would have allowed 4): while both lived,
        // and after the kill beside only the dead worker's calls still being answered
        Assert.True(mostBeforeTheKill <= 4, $"{mostBeforeTheKill} calls in flight at once while both workers lived, limit 4 for all workers");
        Assert.True(_server.MaxInFlight <= 4 + orphanedAtTheKill, $"{_server.MaxInFlight} calls in flight at once, limit 4 for all workers plus {orphanedAtTheKill} of the killed worker");
        // published once: one publication, one stored run report, one block of the day in the Markdown file
        Assert.Equal(1, await Scalar<int>(connectionString, "SELECT publications FROM work_runs"));
        Assert.Equal(1L, await Scalar<long>(connectionString, "SELECT count(*) FROM runs"));
        var markdown = await File.ReadAllTextAsync(outFile);
        Assert.Single(markdown.Split('\n'), l => l == $"## Daily Papers ({Date})");
        Assert.Equal(25, markdown.Split('\n').Count(l => l.StartsWith("### [", StringComparison.Ordinal)));
        Assert.Equal(25, papers.Count(p => markdown.Contains(p, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_job_whose_worker_was_killed_changing_its_state_is_done_by_another_worker_and_the_day_published()
    {
        // Given a day of 25 papers enqueued, and a worker that fetched the first job and was killed (SIGKILL) while
        // Hangfire changed the job's state under the job's lock: its sessions ended, it let go of nothing itself
        _server.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson());
        var connectionString = await cluster.NewDatabaseAsync();
        var env = WorkerSettings(connectionString);
        var enqueue = await CliRunner.RunProcessAsync(env, "digest", "--date", Date, "--source", Path.Combine(TestPaths.HfRaw2024, Date + ".json"),
            "--lang", "ko", "--no-wait");
        Assert.True(enqueue.ExitCode == 0, enqueue.Stderr);
        var job = await Scalar<long>(connectionString, "SELECT min(jobid)::bigint FROM hangfire.jobqueue");
        var killed = WorkersRegistration.Storage(connectionString + ";Application Name=killed-worker",
            new WorkersOptions { Enabled = true, InvisibilityTimeout = TimeSpan.FromSeconds(15) }).GetConnection();
        killed.AcquireDistributedLock($"job:{job}:state-lock", TimeSpan.FromSeconds(5));
        await Scalar<int>(connectionString, $"WITH f AS (UPDATE hangfire.jobqueue SET fetchedat = NOW() WHERE jobid = {job} RETURNING 1) SELECT count(*)::int FROM f");
        Assert.True(await Scalar<long>(connectionString, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'killed-worker'") > 0);

        // When a worker starts
        using var worker = WorkerProcess.Start(env);

        // Then it takes that job again once its invisibility timeout (15 s) passed, finishes every item and publishes
        // the day once; well within 2 minutes (a lock the killed worker left in Hangfire's lock table held it 10)
        await Until(async () => await Scalar<long>(connectionString, "SELECT count(*) FROM work_runs WHERE published_at IS NOT NULL") == 1, "the run published",
            () => QueueStateAsync(connectionString), TimeSpan.FromMinutes(2), worker);
        Assert.Equal("50/50", await Scalar<string>(connectionString, "SELECT finished || '/' || total FROM work_runs"));
        Assert.Equal(1, await Scalar<int>(connectionString, "SELECT publications FROM work_runs"));
        Assert.Equal(25L, await Scalar<long>(connectionString, "SELECT count(*) FROM summaries WHERE language = 'ko'"));
        GC.KeepAlive(killed); // never disposed: a killed process disposes nothing
    }

    [Fact]
    public async Task Digest_waits_for_the_workers_prints_progress_and_the_digest_and_a_second_enqueue_reuses_every_summary()
    {
        // Given one worker
        _server.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson());
        var connectionString = await cluster.NewDatabaseAsync();
        var env = WorkerSettings(connectionString);
        using var worker = WorkerProcess.Start(env);
        var source = Path.Combine(TestPaths.HfRaw2024, Date + ".json");

        // When the digest is enqueued and waited for, twice
        var first = await CliRunner.RunProcessAsync(env, "digest", "--date", Date, "--source", source, "--lang", "ko");
        var calls = _server.Requests.Count;
        var second = await CliRunner.RunProcessAsync(env, "digest", "--date", Date, "--source", source, "--lang", "ko");

        // Then the first prints the workers' progress and the digest of 25 papers; the second makes no model call
        Assert.True(first.ExitCode is 0 or 1, first.Stderr);
        Assert.Contains("of 50 jobs finished", first.Stderr, StringComparison.Ordinal);
        Assert.StartsWith($"## Daily Papers ({Date})\n", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(25, first.Stdout.Split('\n').Count(l => l.StartsWith("### [", StringComparison.Ordinal)));
        Assert.Equal(25, calls);
        Assert.Equal(second.ExitCode, first.ExitCode);
        Assert.Equal(calls, _server.Requests.Count);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Contains("25 reused from the store", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_arxiv_metadata_on_the_day_is_looked_up_in_batches_before_its_papers_are_enriched()
    {
        // Given one worker with arXiv metadata on, against the loopback arXiv API (recorded records), in batches of 10
        _server.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson());
        await using var arxiv = await Live.LoopbackServer.StartAsync(TestPaths.SharedData);
        var connectionString = await cluster.NewDatabaseAsync();
        var env = WorkerSettings(connectionString);
        env["DAILYPAPERS__ARXIV__METADATA"] = "true";
        env["DAILYPAPERS__ARXIV__APIURL"] = arxiv.BaseUrl + "/api/query";
        env["DAILYPAPERS__ARXIV__BASEURL"] = arxiv.BaseUrl;
        env["DAILYPAPERS__ARXIV__POLITENESSDELAY"] = "00:00:00";
        env["DAILYPAPERS__ARXIV__BATCHSIZE"] = "10";
        using var worker = WorkerProcess.Start(env);

        // When the day of 25 papers is digested through the worker
        var result = await CliRunner.RunProcessAsync(env, "digest", "--date", Date, "--source", Path.Combine(TestPaths.HfRaw2024, Date + ".json"), "--lang", "ko");

        // Then arXiv was asked three times (25 papers in batches of 10), not once per paper, before any summary, and
        // every paper was stored with its metadata
        Assert.True(result.ExitCode == 0, result.Stderr);
        var queries = arxiv.Requests.Where(r => r.PathAndQuery.StartsWith("/api/query", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, queries.Count);
        Assert.True(queries.Max(q => q.At) <= _server.Requests.Min(r => r.At), "a model call was made before the day's arXiv lookups ended");
        Assert.Equal(25L, await Scalar<long>(connectionString, "SELECT count(*) FROM papers WHERE arxiv_json IS NOT NULL"));
        Assert.Equal(25, result.Stdout.Split('\n').Count(l => l.StartsWith("### [", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Fetch_with_workers_stores_the_days_here_and_the_workers_enrich_them_and_record_each_fetch()
    {
        // Given one worker, the loopback Hugging Face and arXiv servers (recorded records; a made-up PDF as full text)
        await using var web = await Live.LoopbackServer.StartAsync(TestPaths.SharedData);
        web.PdfForAll = Live.PdfMaker.Make("A paper made for the loopback server.");
        var connectionString = await cluster.NewDatabaseAsync();
        var env = WorkerSettings(connectionString);
        env["DAILYPAPERS__HUGGINGFACE__BASEURL"] = web.BaseUrl;
        env["DAILYPAPERS__ARXIV__METADATA"] = "true";
        env["DAILYPAPERS__ARXIV__FULLTEXT"] = "true";
        env["DAILYPAPERS__ARXIV__APIURL"] = web.BaseUrl + "/api/query";
        env["DAILYPAPERS__ARXIV__BASEURL"] = web.BaseUrl;
        env["DAILYPAPERS__ARXIV__POLITENESSDELAY"] = "00:00:00";
        using var worker = WorkerProcess.Start(env);

        // When three days are fetched, one of them without papers
        var result = await CliRunner.RunProcessAsync(env, "fetch", "--from", "2024-08-15", "--to", "2024-08-17");

        // Then the two days with papers went to the workers, which enriched every paper (metadata in one request a day)
        // and recorded each fetch; the fetch waited and printed what an in-process fetch prints; nothing was summarized
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("enriched by the workers", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("enqueued run", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("2024-08-15: 8 papers stored\n", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("2024-08-16: 12 papers stored\n", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("2024-08-17: no papers that day", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(20L, await Scalar<long>(connectionString, "SELECT count(*) FROM daily_entries"));
        Assert.Equal(20L, await Scalar<long>(connectionString, "SELECT count(*) FROM papers WHERE arxiv_json IS NOT NULL"));
        Assert.Equal(20L, await Scalar<long>(connectionString, "SELECT count(*) FROM full_texts"));
        Assert.Equal(0L, await Scalar<long>(connectionString, "SELECT count(*) FROM summaries"));
        Assert.Equal(0L, await Scalar<long>(connectionString, "SELECT count(*) FROM runs"));
        Assert.Equal(2, web.Count("/api/query"));
        Assert.Equal("2024-08-15:Stored,2024-08-16:Stored,2024-08-17:NoPapers", await Scalar<string>(connectionString,
            "SELECT string_agg(to_char(date, 'YYYY-MM-DD') || ':' || status, ',' ORDER BY date) FROM fetches"));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Workers_on_a_sqlite_store_are_refused_at_start_naming_the_setting()
    {
        var store = Path.Combine(TestPaths.NewTempFolder(), "s.db");
        var settings = new Dictionary<string, string> { ["DailyPapers:Store:Path"] = store, ["DailyPapers:Workers:Enabled"] = "true" };

        var digest = await CliRunner.RunAsync(settings, "digest", "--date", "2024-08-15");
        var worker = await CliRunner.RunAsync(settings, "worker");

        foreach (var result in new[] { digest, worker })
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Contains("DailyPapers:Workers:Enabled is true, but workers need the PostgreSQL store", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("DailyPapers:Store:Provider=postgres", result.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal("", digest.Stdout);
        Assert.False(File.Exists(store));
    }

    [Fact]
    public async Task A_worker_without_workers_enabled_is_one_clear_line()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string> { ["DailyPapers:Store:Path"] = Path.Combine(TestPaths.NewTempFolder(), "s.db") }, "worker");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: worker needs DailyPapers:Workers:Enabled=true", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<List<T>> Column<T>(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await using var reader = await cmd.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync()) values.Add(reader.GetFieldValue<T>(0));
        return values;
    }

    private static async Task<T> Scalar<T>(string connectionString, string sql)
    {
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    // Waits for a condition (generous: the CI machine is loaded); a worker that exits meanwhile fails the test with its output.
    private static Task Until(Func<Task<bool>> condition, string what, params WorkerProcess[] workers) =>
        Until(condition, what, null, TimeSpan.FromMinutes(5), workers);

    // As above, waiting at most the given time; on timeout the message also carries what diagnose returns (the queue's
    // state: why nothing moved).
    private static async Task Until(Func<Task<bool>> condition, string what, Func<Task<string>>? diagnose, TimeSpan within, params WorkerProcess[] workers)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            foreach (var w in workers)
                Assert.False(w.HasExited, $"a worker exited while waiting for {what}: {w.Output}");
            if (DateTime.UtcNow >= deadline)
            {
                var state = diagnose is null ? "" : "\n" + await diagnose();
                Assert.Fail($"waited {within.TotalMinutes:0.#} minutes for {what};{state}\nworkers said: {string.Join("\n---\n", workers.Select(w => w.Output))}");
            }
            await Task.Delay(100);
        }
    }

    // The run's rows, its unfinished items, the Hangfire jobs not succeeded with their queue rows, Hangfire's
    // distributed locks (rows in hangfire.lock: a dead process's stay until they expire), the servers' heartbeats, and
    // the advisory locks held or awaited (summary, publish, model call slots) with their sessions.
    internal static async Task<string> QueueStateAsync(string connectionString)
    {
        var sections = new (string Title, string Sql)[]
        {
            ("work_runs", "SELECT id, total, finished, enqueued, created_at, published_at, publications FROM work_runs ORDER BY id"),
            ("work_items not finished", "SELECT run_id, arxiv_id, stage, language, summarizer FROM work_items WHERE finished_at IS NULL ORDER BY run_id, arxiv_id, stage, language"),
            ("hangfire jobs not succeeded", """
                SELECT j.id, j.statename, j.createdat, j.arguments, q.queue, q.fetchedat,
                       (SELECT s.reason FROM hangfire.state s WHERE s.id = j.stateid) AS reason
                FROM hangfire.job j LEFT JOIN hangfire.jobqueue q ON q.jobid = j.id
                WHERE j.statename IS DISTINCT FROM 'Succeeded' ORDER BY j.id
                """),
            ("hangfire jobqueue", "SELECT id, jobid, queue, fetchedat FROM hangfire.jobqueue ORDER BY id"),
            ("hangfire.lock (distributed locks)", "SELECT resource, acquired, now() AT TIME ZONE 'UTC' - acquired AS age FROM hangfire.lock ORDER BY acquired"),
            ("hangfire servers", "SELECT id, lastheartbeat, now() AT TIME ZONE 'UTC' - lastheartbeat AS since FROM hangfire.server ORDER BY id"),
            ("advisory locks", """
                SELECT l.pid, l.classid, l.objid, l.granted, a.state, a.backend_start, a.state_change, left(a.query, 120) AS query
                FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY l.classid, l.objid, l.granted DESC
                """),
            ("sessions", """
                SELECT pid, application_name, client_port, state, backend_start, state_change, wait_event_type, wait_event, left(query, 120) AS query
                FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY backend_start
                """),
        };
        var text = new StringBuilder("queue state at the timeout:\n");
        await using var c = new NpgsqlConnection(connectionString + ";Pooling=false");
        await c.OpenAsync();
        foreach (var (title, sql) in sections)
        {
            text.Append("== ").Append(title).Append('\n');
            try
            {
                await using var cmd = new NpgsqlCommand(sql, c);
                await using var r = await cmd.ExecuteReaderAsync();
                var rows = 0;
                while (await r.ReadAsync())
                {
                    if (++rows > 200) continue; // counted, not printed
                    text.AppendJoin(", ", Enumerable.Range(0, r.FieldCount).Select(i => $"{r.GetName(i)}={(r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))}")).Append('\n');
                }
                text.Append("(").Append(rows).Append(" rows)\n");
            }
            catch (PostgresException ex)
            {
                text.Append("(unreadable: ").Append(ex.MessageText).Append(")\n");
            }
        }
        return text.ToString();
    }
}

/// <summary>A <c>dailypapers worker</c> child process, its stderr kept for failure messages; killed (SIGKILL) when disposed.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public static WorkerProcess Start(IDictionary<string, string> env) => new(Process.Start(CliRunner.ProcessStart(env, "worker"))!);

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>SIGKILL: the process gets no chance to hand its jobs back.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
