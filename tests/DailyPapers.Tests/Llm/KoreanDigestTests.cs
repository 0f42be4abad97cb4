using DailyPapers.Tests.Cli;

namespace DailyPapers.Tests.Llm;

/// <summary>The real CLI against the loopback OpenAI-protocol server replaying scripted replies.</summary>
public sealed class KoreanDigestTests : IAsyncLifetime
{
    private const string Secret = "sk-scripted-secret-4711";
    private ScriptedModelServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string> Env(string store) => new()
    {
        ["DAILYPAPERS__STORE__PATH"] = store,
        ["DAILYPAPERS__LLM__PROVIDER"] = "openai",
        ["DAILYPAPERS__LLM__ENDPOINT"] = _server.OpenAIEndpoint,
        ["DAILYPAPERS__LLM__APIKEY"] = Secret,
        ["DAILYPAPERS__LLM__RETRYDELAY"] = "00:00:00.020",
        ["DAILYPAPERS__ARXIV__METADATA"] = "false",
        ["DAILYPAPERS__ARXIV__FULLTEXT"] = "false",
    };

    // The layout lines to compare: the feed captured votes and author order differently from the reference, and the
    // verifier's flag blocks (> ...) are ours, not the reference's.
    private static IReadOnlyList<string> ReferenceLines(string markdown)
    {
        var lines = new List<string>();
        foreach (var line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("Vote: ", StringComparison.Ordinal) || line.StartsWith("Authors: ", StringComparison.Ordinal) || line.StartsWith('>'))
                continue;
            if (line.Length == 0 && (lines.Count == 0 || lines[^1].Length == 0)) continue;
            lines.Add(line);
        }
        return lines.Count > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }

    [Fact]
    public async Task Scripted_korean_digest_of_2024_08_15_comes_out_in_the_reference_layout_and_a_rerun_makes_no_model_call()
    {
        // Given a server scripted with the reference's Korean sections and a configured OpenAI provider
        _server.ScriptReference();
        var store = Path.Combine(TestPaths.NewTempFolder(), "store.db");

        // When the day is digested twice
        var first = await CliRunner.RunAsync(Env(store), "digest", "--date", "2024-08-15", "--model", "gpt-4o-scripted");
        var callsAfterFirst = _server.Requests.Count;
        var second = await CliRunner.RunAsync(Env(store), "digest", "--date", "2024-08-15", "--model", "gpt-4o-scripted");

        // Then the digest is the reference, line for line, apart from votes, author order and the verifier's flags
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal(ReferenceLines(await File.ReadAllTextAsync(ReferenceReplies.ReferencePath)), ReferenceLines(first.Stdout));
        Golden.Verify("digest-2024-08-15-ko-scripted.md", first.Stdout);
        Assert.Contains("with the 'openai' summarizer (gpt-4o-scripted)", first.Stderr, StringComparison.Ordinal);
        Assert.All(_server.Requests, r => Assert.Equal("gpt-4o-scripted", r.Body["model"]!.GetValue<string>()));

        // And the reference's own defects, replayed, were caught: one regeneration each stating the finding, then flagged
        Assert.Equal(10, callsAfterFirst);
        Assert.Contains("model usage: 10 calls", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("34343434", _server.RequestsFor("2408.05366")[1].UserText, StringComparison.Ordinal);
        Assert.Contains("7억에서 70억", _server.RequestsFor("2408.07410")[1].UserText, StringComparison.Ordinal);
        Assert.Contains("> **Verification flags**: ungrounded \"34343434시간\"", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("> **Verification flags**: scale-mismatch \"7억에서 70억\"", first.Stdout, StringComparison.Ordinal);

        // And the second run made no model call and printed the same digest
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(10, _server.Requests.Count);
        Assert.Contains("8 reused from the store", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("model usage", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(first.Stdout, second.Stdout);

        // And the key went to the server only, never to the output
        Assert.All(_server.Requests, r => Assert.Equal("Bearer " + Secret, r.Headers["authorization"]));
        Assert.DoesNotContain(Secret, first.Stdout + first.Stderr + second.Stdout + second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paper_whose_reply_stays_invalid_is_named_in_the_report_and_the_exit_code_is_1()
    {
        // Given scripted replies where one paper's reply misses a required section every time
        _server.ScriptReference();
        _server.Script("2408.07089", ScriptedReply.Json("""{"What's New":"새로운 데이터셋입니다.","Technical Details":"프로그램 형식입니다."}"""));
        var store = Path.Combine(TestPaths.NewTempFolder(), "store.db");

        // When the day is digested
        var run = await CliRunner.RunAsync(Env(store), "digest", "--date", "2024-08-15");

        // Then the run says which paper failed and why, the digest says so in place, and the exit code is 1
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("7 summarized (0 reused from the store), 1 failed", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("FAILED 2408.07089 [ko] InfinityMATH: A Scalable Instruction Tuning Dataset in Programmatic Mathematical Reasoning: openai gpt-4o-mini: the required section \"Performance Highlights\" is missing (also after a retry that stated the problem)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("- **Summary unavailable**: openai gpt-4o-mini: the required section", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, _server.RequestsFor("2408.07089").Count);
    }

    [Fact]
    public async Task Each_retry_is_one_warning_line_and_the_failure_counts_the_attempts_really_made()
    {
        // Given a paper whose every attempt gets a 500 (three retries configured), and one whose key is refused (401)
        _server.ScriptReference();
        _server.Script("2408.07089", ScriptedReply.Error(500));
        _server.Script("2408.07246", ScriptedReply.Error(401));
        var store = Path.Combine(TestPaths.NewTempFolder(), "store.db");

        // When the day is digested
        var run = await CliRunner.RunAsync(Env(store), "digest", "--date", "2024-08-15");

        // Then each retry printed one line saying what the attempt got and which retry follows, with no stack trace,
        // and each failure counts the attempts made: four for the 500s, one for the 401 (not worth retrying)
        Assert.Equal(1, run.ExitCode);
        var retries = run.Stderr.Split('\n').Where(l => l.Contains("answered HTTP 500 (InternalServerError): retry", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, retries.Count);
        Assert.Contains(retries, l => l.Contains("retry 3 of 3", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Polly", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("HTTP 500 (InternalServerError) after 4 attempts", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("HTTP 401 (Unauthorized) after 1 attempt:", run.Stderr, StringComparison.Ordinal);
        Assert.Single(_server.RequestsFor("2408.07246"));
        Assert.DoesNotContain(Secret, run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_languages_in_one_run_each_get_their_own_instruction_and_block()
    {
        // Given a server that answers in the language the instruction names (scripted)
        _server.Fallback = r => ScriptedReply.Json(r.SystemText.Contains("Write every section in Japanese", StringComparison.Ordinal)
            ? """{"What's New":"新しいモデルを提案します。","Technical Details":"ビジョン・トランスフォーマー(ViT)を使います。","Performance Highlights":"精度が向上しました。"}"""
            : r.SystemText.Contains("Write every section in English", StringComparison.Ordinal)
                ? """{"What's New":"A new model is proposed.","Technical Details":"It uses a vision transformer.","Performance Highlights":"Accuracy improves."}"""
                : ScriptedReply.KoreanJson());
        var store = Path.Combine(TestPaths.NewTempFolder(), "store.db");

        // When ko, en and ja are asked for
        var run = await CliRunner.RunAsync(Env(store), "digest", "--date", "2024-08-15", "--lang", "ko,en,ja");

        // Then 24 calls were made and three day blocks printed, each in its language
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(24, _server.Requests.Count);
        Assert.Equal(8, _server.Requests.Count(r => r.SystemText.Contains("Write every section in Japanese (BCP-47 \"ja\")", StringComparison.Ordinal)));
        var blocks = run.Stdout.Split("## Daily Papers (2024-08-15)", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, blocks.Length);
        Assert.Contains("이 논문은", blocks[0], StringComparison.Ordinal);
        Assert.Contains("A new model is proposed.", blocks[1], StringComparison.Ordinal);
        Assert.Contains("新しいモデルを提案します。", blocks[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_provider_the_command_says_it_uses_the_offline_summarizer()
    {
        // Given no LLM configuration
        var store = Path.Combine(TestPaths.NewTempFolder(), "store.db");

        // When the day is digested
        var run = await CliRunner.RunAsync(store, "digest", "--date", "2024-08-15");

        // Then the offline summarizer ran and the command said why
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no LLM configured (DailyPapers:Llm:Provider is empty): using the offline extractive summarizer", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
