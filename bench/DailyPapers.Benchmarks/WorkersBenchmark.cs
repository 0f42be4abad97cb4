using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using DailyPapers.Tests;
using DailyPapers.Tests.Llm;
using Npgsql;

namespace DailyPapers.Benchmarks;

/// <summary>
/// <c>workers POSTGRES_CONNSTR [--papers 200] [--latency-ms 200] [--calls-per-worker 4] [--workers 1,2,4] [--cli DLL]</c>: a day of
/// N papers summarized by 1, 2 and 4 real <c>dailypapers worker</c> processes against the loopback model server
/// (replies after a fixed delay; canned JSON, not a model), each configuration in a fresh database. Wall time is the
/// run row's enqueue to publish; ideal is papers × latency / (calls per worker × workers).
/// </summary>
internal static class WorkersBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: workers POSTGRES_CONNSTR [--papers 200] [--latency-ms 200] [--calls-per-worker 4] [--workers 1,2,4] [--cli DLL] (bench/workers/run.sh starts a server)");
            return 2;
        }
        var admin = args[0];
        var papers = Option(args, "--papers", 200);
        var latency = TimeSpan.FromMilliseconds(Option(args, "--latency-ms", 200));
        var perWorker = Option(args, "--calls-per-worker", 4);
        var counts = (args.SkipWhile(a => a != "--workers").Skip(1).FirstOrDefault() ?? "1,2,4").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        // --cli: another build's DailyPapers.Cli.dll (e.g. a baseline checkout's), to compare builds side by side
        var cli = args.SkipWhile(a => a != "--cli").Skip(1).FirstOrDefault()
            ?? Path.Combine(TestPaths.RepoRoot, "src", "DailyPapers.Cli", "bin", "Release", "net10.0", "DailyPapers.Cli.dll");
        if (!File.Exists(cli)) throw new FileNotFoundException($"build the CLI first: dotnet build src/DailyPapers.Cli -c Release ({cli} is missing)");

        var folder = Directory.CreateTempSubdirectory("dailypapers-bench-workers-").FullName;
        var source = Path.Combine(folder, "2024-06-24.json");
        await File.WriteAllTextAsync(source, Day(papers));
        await using var server = await ScriptedModelServer.StartAsync();
        server.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson()).After(latency);
        var rows = new List<string>();
        foreach (var n in counts)
        {
            var before = server.Requests.Count;
            var database = await NewDatabaseAsync(admin, n);
            var env = Settings(database, server.OpenAIEndpoint, perWorker * n);
            var workers = new List<Process>();
            try
            {
                for (var i = 0; i < n; i++) workers.Add(await StartWorkerAsync(cli, env));
                var enqueue = await RunAsync(cli, env, "digest", "--date", "2024-06-24", "--source", source, "--lang", "ko", "--no-wait");
                if (enqueue != 0) throw new InvalidOperationException($"digest --no-wait exited with {enqueue}");
                var wall = await WaitPublishedAsync(database);
                var ideal = papers * latency.TotalSeconds / (perWorker * n);
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {n} | {perWorker * n} | {wall:0.00} s | {ideal:0.00} s | {ideal / wall:0.00} | {server.Requests.Count - before} | {server.MaxInFlight} |"));
            }
            finally
            {
                foreach (var w in workers)
                {
                    if (!w.HasExited) w.Kill();
                    await w.WaitForExitAsync();
                    w.Dispose();
                }
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{papers} papers, {latency.TotalMilliseconds:0} ms per model reply, {perWorker} calls per worker, {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        Console.WriteLine("| workers | calls at once (all) | wall (enqueue → published) | ideal | ideal / wall | model calls | most in flight (cumulative) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in rows) Console.WriteLine(row);
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static int Option(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    // A real Hugging Face day (25 papers) repeated under new arXiv ids up to the wanted size.
    private static string Day(int papers)
    {
        var real = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.HfRaw2024, "2024-06-24.json")))!.AsArray();
        var day = new JsonArray();
        for (var i = 0; i < papers; i++)
        {
            var entry = real[i % real.Count]!.DeepClone();
            var id = string.Create(CultureInfo.InvariantCulture, $"2406.{90000 + i}");
            entry["paper"]!["id"] = id;
            entry["paper"]!["title"] = $"{entry["paper"]!["title"]!.GetValue<string>()} ({i})";
            if (entry["title"] is not null) entry["title"] = entry["paper"]!["title"]!.GetValue<string>();
            day.Add(entry);
        }
        return day.ToJsonString();
    }

    private static Dictionary<string, string> Settings(string connectionString, string endpoint, int calls) => new()
    {
        ["DAILYPAPERS__STORE__PROVIDER"] = "postgres",
        ["DAILYPAPERS__STORE__CONNECTIONSTRING"] = connectionString,
        ["DAILYPAPERS__WORKERS__ENABLED"] = "true",
        ["DAILYPAPERS__WORKERS__POLLINTERVAL"] = "00:00:00.250",
        ["DAILYPAPERS__HUGGINGFACE__BASEURL"] = "http://127.0.0.1:1",
        ["DAILYPAPERS__ARXIV__METADATA"] = "false",
        ["DAILYPAPERS__ARXIV__FULLTEXT"] = "false",
        ["DAILYPAPERS__LLM__PROVIDER"] = "openai",
        ["DAILYPAPERS__LLM__ENDPOINT"] = endpoint,
        ["DAILYPAPERS__LLM__MODEL"] = "scripted-model",
        ["DAILYPAPERS__LLM__APIKEY"] = "not-a-real-key",
        ["DAILYPAPERS__LLM__MAXCONCURRENCY"] = calls.ToString(CultureInfo.InvariantCulture),
    };

    private static ProcessStartInfo Start(string cli, IDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(cli);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return psi;
    }

    // Started once it says so: the measured time is the workers', not their start-up.
    private static async Task<Process> StartWorkerAsync(string cli, IDictionary<string, string> env)
    {
        var process = Process.Start(Start(cli, env, "worker"))!;
        var started = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("worker started", StringComparison.Ordinal) == true) started.TrySetResult();
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(3));
        return process;
    }

    private static async Task<int> RunAsync(string cli, IDictionary<string, string> env, params string[] args)
    {
        using var process = Process.Start(Start(cli, env, args))!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) Console.Error.WriteLine(await stderr);
        return process.ExitCode;
    }

    private static async Task<string> NewDatabaseAsync(string admin, int workers)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"workers{workers}_{Guid.NewGuid():N}")[..24];
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    // Seconds from the run row's creation (the day enqueued) to its publication, as the database recorded them.
    private static async Task<double> WaitPublishedAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        while (true)
        {
            await using var cmd = new NpgsqlCommand("SELECT extract(epoch FROM published_at - created_at)::float8 FROM work_runs WHERE published_at IS NOT NULL", c);
            if (await cmd.ExecuteScalarAsync() is double seconds) return seconds;
            await Task.Delay(200);
        }
    }
}
