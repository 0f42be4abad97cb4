using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DailyPapers.Tests.Cli;

public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_after_the_main_command_shows_the_day_page_over_http()
    {
        // Given the README's main command has filled a store
        var store = Path.Combine(TestPaths.NewTempFolder(), "store.db");
        var digest = await CliRunner.RunAsync(store, "digest", "--date", "2024-08-15");
        Assert.Equal(0, digest.ExitCode);

        // When `dailypapers serve --urls http://127.0.0.1:PORT` runs over that store
        var port = FreePort();
        var psi = CliRunner.ProcessStart(new Dictionary<string, string> { ["DAILYPAPERS__STORE__PATH"] = store }, "serve", "--urls", $"http://127.0.0.1:{port}");
        using var serve = Process.Start(psi)!;
        var log = serve.StandardOutput.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await WaitUntilHealthyAsync(http, serve);
            var response = await http.GetAsync("/2024-08-15");
            var html = await response.Content.ReadAsStringAsync();

            // Then the day page answers with the digest's papers, in the store's order
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<h1>Daily Papers <span class=\"date\">(2024-08-15)</span></h1>", html);
            Assert.Contains("<a href=\"https://arxiv.org/abs/2408.07246\">Seeing and Understanding: Bridging Vision with Chemical Knowledge Via ChemVLM</a>", html);
            Assert.Equal(8, html.Split("<article class=\"paper\"").Length - 1);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
        Assert.Contains("Now listening on: http://127.0.0.1:" + port, await log);
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, Process serve)
    {
        for (var i = 0; i < 150; i++)
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
            await Task.Delay(200);
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
