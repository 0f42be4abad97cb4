using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DailyPapers.Tests.Storage.Postgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DailyPapers.Web.Tests.Postgres;

/// <summary>Hangfire's dashboard at /jobs (workers on, PostgreSQL store) behind the admin token.</summary>
[Collection(PostgresCollection.Name)]
public sealed class JobsDashboardTests(PostgresCluster cluster) : IAsyncLifetime
{
    private Factory? _factory;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(SampleStore.OfflineSettings)
        {
            ["DailyPapers:Store:Provider"] = "postgres",
            ["DailyPapers:Store:ConnectionString"] = await cluster.NewDatabaseAsync(),
            ["DailyPapers:Workers:Enabled"] = "true",
            ["DailyPapers:Web:AdminToken"] = WebFactory.AdminToken,
        };
        _factory = new Factory(settings);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }

    [Fact]
    public async Task The_jobs_dashboard_refuses_without_the_admin_token_and_answers_with_it()
    {
        var client = _factory!.CreateClient();

        // Without a token, or with a wrong one, it is refused and says how to authenticate
        var anonymous = await client.GetAsync("/jobs");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/jobs") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token") } };
        var refused = await client.SendAsync(wrong);
        using var wrongStats = new HttpRequestMessage(HttpMethod.Post, "/jobs/stats");
        var stats = await client.SendAsync(wrongStats);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Basic");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stats.StatusCode);
        Assert.DoesNotContain("Hangfire", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // With the token as a bearer token, or as the password of HTTP Basic (what a browser sends), it is Hangfire's dashboard
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/jobs") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", WebFactory.AdminToken) } };
        var byBearer = await client.SendAsync(bearer);
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/jobs/recurring")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + WebFactory.AdminToken))) },
        };
        var byBasic = await client.SendAsync(basic);

        Assert.Equal(HttpStatusCode.OK, byBearer.StatusCode);
        var page = await byBearer.Content.ReadAsStringAsync();
        Assert.Contains("DailyPapers jobs", page, StringComparison.Ordinal);
        Assert.DoesNotContain(WebFactory.AdminToken, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, byBasic.StatusCode);
        Assert.Contains("Recurring", await byBasic.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            builder.UseEnvironment("Production");
        }
    }
}
