using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DailyPapers.Tests;
using DailyPapers.Tests.Llm;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DailyPapers.Web.Tests.Hosting;

/// <summary>
/// The standalone web host (<c>dotnet run --project src/DailyPapers.Web</c>) goes through the same composition root as
/// the CLI: a configured LLM provider summarizes its runs, at the provider's concurrency.
/// </summary>
public sealed class StandaloneHostTests : IAsyncLifetime
{
    internal const string Token = "standalone-admin-token-51";
    private ScriptedModelServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_run_triggered_on_the_standalone_host_is_summarized_by_the_configured_llm_at_its_concurrency()
    {
        // Given the standalone web app over an empty store, with the OpenAI provider at the loopback model server,
        // three calls at a time, each reply taking 300 ms
        _server.Fallback = _ => ScriptedReply.Json(ScriptedReply.KoreanJson("표준 웹 호스트가 요청한 요약입니다.")).After(TimeSpan.FromMilliseconds(300));
        await using var app = App(_server, Path.Combine(Directory.CreateTempSubdirectory("dailypapers-web-tests-").FullName, "store.db"), new()
        {
            ["DailyPapers:Web:AdminToken"] = Token,
            ["DailyPapers:Llm:ApiKey"] = "sk-test-not-a-real-key",
            ["DailyPapers:Llm:MaxConcurrency"] = "3",
        });
        using var client = app.CreateClient();

        // When a run of the sample day is triggered through the API
        var run = await TriggerAsync(client, Token);

        // Then every paper was summarized by that provider and model, with three model calls in flight at once (not one)
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        using var report = JsonDocument.Parse(await run.Content.ReadAsStringAsync());
        Assert.Equal(8, report.RootElement.GetProperty("done").GetInt32());
        Assert.Equal(8, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Equal("scripted-standalone", r.Body["model"]!.GetValue<string>()));
        Assert.Equal(3, _server.MaxInFlight);
        using var day = JsonDocument.Parse(await client.GetStringAsync("/api/days/2024-08-15?lang=ko"));
        var papers = day.RootElement.GetProperty("papers").EnumerateArray().ToList();
        Assert.Equal(8, papers.Count);
        Assert.All(papers, p =>
        {
            var summary = p.GetProperty("summary");
            Assert.Equal("openai", summary.GetProperty("origin").GetProperty("summarizer").GetString());
            Assert.Equal("scripted-standalone", summary.GetProperty("origin").GetProperty("model").GetString());
            Assert.Equal("표준 웹 호스트가 요청한 요약입니다.", summary.GetProperty("sections")[0].GetProperty("text").GetString());
        });
    }

    /// <summary>The app as <c>Program</c> starts it, offline but for the model server, in Production (no development-only sources).</summary>
    internal static WebApplicationFactory<Program> App(ScriptedModelServer server, string storePath, Dictionary<string, string?> settings)
    {
        var all = OfflineSettings.With(OfflineSettings.Off, settings);
        all["DailyPapers:Store:Path"] = storePath;
        all["DailyPapers:Digest:Language"] = "ko";
        all["DailyPapers:Llm:Provider"] = "openai";
        all["DailyPapers:Llm:Endpoint"] = server.OpenAIEndpoint;
        all["DailyPapers:Llm:Model"] = "scripted-standalone";
        all["DailyPapers:Llm:RetryDelay"] = "00:00:00.020";
        return new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in all) b.UseSetting(key, value);
            b.UseEnvironment("Production");
        });
    }

    internal static async Task<HttpResponseMessage> TriggerAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs?date=2024-08-15");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
