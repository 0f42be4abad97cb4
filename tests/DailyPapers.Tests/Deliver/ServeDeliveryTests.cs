using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using DailyPapers.Tests.Cli;

namespace DailyPapers.Tests.Deliver;

/// <summary>Delivery after a run that <c>serve</c> is asked to make (the trigger endpoint; the daily schedule shares the same gate).</summary>
public sealed class ServeDeliveryTests
{
    [Fact]
    public async Task A_triggered_run_in_serve_delivers_the_day_and_a_second_run_sends_nothing_new()
    {
        // Given serve with an admin token and a Slack channel at a loopback Slack server, over an empty store
        await using var slack = await ChatServer.StartAsync();
        var store = Live.LiveHost.NewStore();
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var env = new Dictionary<string, string>
        {
            ["DAILYPAPERS__STORE__PATH"] = store,
            ["DAILYPAPERS__WEB__ADMINTOKEN"] = "admin-token",
            ["DAILYPAPERS__CHANNELS__team__KIND"] = "slack",
            ["DAILYPAPERS__CHANNELS__team__URL"] = slack.BaseUrl + "/api",
            ["DAILYPAPERS__CHANNELS__team__TOKEN"] = ChatServer.SlackToken,
            ["DAILYPAPERS__CHANNELS__team__TO"] = "C0123",
        };
        using var serve = Process.Start(CliRunner.ProcessStart(env, "serve", "--urls", baseUrl))!;
        var log = serve.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "admin-token");
            await WaitUntilHealthyAsync(http, serve);

            // When the day's run is triggered twice
            var first = await http.PostAsync("/api/runs?date=2024-08-15", null);
            var afterFirst = slack.Messages.Count;
            var second = await http.PostAsync("/api/runs?date=2024-08-15", null);

            // Then the first run delivered the parent and one reply per paper, and the second (same summaries) sent nothing
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
            Assert.Equal(9, afterFirst);
            Assert.Equal(9, slack.Messages.Count);
            Assert.Empty(slack.Edits);
            Assert.All(slack.Messages.Skip(1), m => Assert.Equal(slack.Messages.First().Id, m.Thread));
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
        var output = await log;
        Assert.True(output.Contains("delivery of 2024-08-15: team (slack, ko): 8 papers; 9 sent", StringComparison.Ordinal), output);
        Assert.DoesNotContain(ChatServer.SlackToken, output, StringComparison.Ordinal);
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, Process serve)
    {
        for (var i = 0; i < 300; i++)
        {
            if (serve.HasExited) Assert.Fail($"serve exited with {serve.ExitCode}: {await serve.StandardError.ReadToEndAsync()}");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("serve did not become healthy within 30 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
