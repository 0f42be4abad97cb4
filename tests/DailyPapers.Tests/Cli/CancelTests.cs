using System.Diagnostics;
using DailyPapers.Tests.Llm;

namespace DailyPapers.Tests.Cli;

/// <summary>Ctrl-C on the real program: the run stops cleanly with exit 130, not a stack trace.</summary>
public sealed class CancelTests : IAsyncLifetime
{
    private ScriptedModelServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ctrl_c_during_a_digest_exits_130_saying_cancelled()
    {
        // Given a digest whose model replies only after a minute
        _server.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson()).After(TimeSpan.FromMinutes(1));
        var env = new Dictionary<string, string>
        {
            ["DAILYPAPERS__STORE__PATH"] = Path.Combine(TestPaths.NewTempFolder(), "store.db"),
            ["DAILYPAPERS__LLM__PROVIDER"] = "openai",
            ["DAILYPAPERS__LLM__ENDPOINT"] = _server.OpenAIEndpoint,
            ["DAILYPAPERS__LLM__APIKEY"] = "sk-test-not-a-real-key",
        };
        using var digest = Process.Start(CliRunner.ProcessStart(env, "digest", "--date", "2024-08-15"))!;
        var stderr = digest.StandardError.ReadToEndAsync();
        var stdout = digest.StandardOutput.ReadToEndAsync();
        await WaitForFirstModelCallAsync(digest);

        // When it gets SIGINT (Ctrl-C) while waiting on the model
        using (var kill = Process.Start("kill", ["-INT", digest.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await digest.WaitForExitAsync(cts.Token);

        // Then it ends with 130 and one line, well before the model would have answered
        Assert.Equal(130, digest.ExitCode);
        var err = await stderr;
        Assert.Contains("cancelled", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.Equal("", await stdout);
    }

    private async Task WaitForFirstModelCallAsync(Process digest)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (_server.Requests.Count == 0)
        {
            Assert.False(digest.HasExited, "the digest ended before calling the model");
            await Task.Delay(50, cts.Token);
        }
    }
}
