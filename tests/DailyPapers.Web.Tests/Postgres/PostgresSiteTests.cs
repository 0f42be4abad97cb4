using System.Net.Http.Json;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Postgres;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage.Postgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Web.Tests.Postgres;

/// <summary>The real site over a PostgreSQL store filled by a digest run of the sample day.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSiteTests(PostgresCluster cluster) : IAsyncLifetime
{
    private string _connectionString = "";
    private Factory? _factory;

    public async Task InitializeAsync()
    {
        _connectionString = await cluster.NewDatabaseAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        foreach (var (key, value) in Settings()) builder.Configuration[key] = value;
        builder.AddDailyPapersCore();
        builder.Services.AddDailyPapersPostgres();
        using var host = builder.Build();
        var report = (await host.Services.GetRequiredService<DigestRunner>().RunAsync(new DigestRequest(SampleStore.Day, ["en"]), null, CancellationToken.None)).Report;
        Assert.True(report.Succeeded, string.Join("; ", report.Failed.Select(f => f.Reason)));
        _factory = new Factory(Settings());
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }

    private Dictionary<string, string?> Settings() => new(SampleStore.OfflineSettings)
    {
        ["DailyPapers:Store:Provider"] = "postgres",
        ["DailyPapers:Store:ConnectionString"] = _connectionString,
        ["DailyPapers:Store:Path"] = Path.Combine(Path.GetTempPath(), "dailypapers-web-tests", "never-" + Guid.NewGuid().ToString("n"), "s.db"),
        ["DailyPapers:Digest:Language"] = "en",
    };

    [Fact]
    public async Task The_day_page_and_search_are_served_from_the_postgres_store()
    {
        // Given the site over the PostgreSQL store
        var client = _factory!.CreateClient();

        // When the day page and a search are requested
        var day = await client.GetStringAsync("/2024-08-15?lang=en");
        var api = await client.GetFromJsonAsync<SearchPage>("/api/search?q=Gaussian");
        var page = await client.GetStringAsync("/search?q=Gaussian");

        // Then the day lists its eight papers and the search ranks the title match first, marked
        Assert.Equal(8, day.Split("<article class=\"paper\"").Length - 1);
        Assert.Contains("<h1>Daily Papers <span class=\"date\">(2024-08-15)</span></h1>", day, StringComparison.Ordinal);
        Assert.Equal("2408.07540", api!.Hits[0].ArxivId);
        Assert.Contains(SearchHit.MarkStart + "Gaussian" + SearchHit.MarkEnd, api.Hits[0].Snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>Gaussian</mark>", page, StringComparison.Ordinal);
        Assert.False(File.Exists(Settings()["DailyPapers:Store:Path"]));
    }

    [Fact]
    public async Task A_summary_written_by_another_process_shows_within_a_second_despite_the_page_cache()
    {
        // Given a paper page the site has already rendered (and cached) and a search it has answered
        var client = _factory!.CreateClient();
        var paperBefore = await client.GetStringAsync("/papers/2408.07540");
        var before = await client.GetFromJsonAsync<SearchPage>("/api/search?q=" + Uri.EscapeDataString("너구리"));

        // When another store instance (as another machine would) saves a Korean summary with that word
        await using (var other = new PostgresPaperStore(_connectionString))
        {
            var paper = (await other.GetPaperAsync("2408.07540", CancellationToken.None))!;
            var origin = new SummaryOrigin("test-fixture", "hand-written", "fixture-v1");
            await other.SaveSummaryAsync(SummaryKey.For(paper, origin, "ko"), new Summary
            {
                ArxivId = paper.ArxivId, Language = "ko", Origin = origin,
                Sections = [new SummarySection(SectionNames.WhatsNew, "너구리를 위한 새로운 3D 편집 방법입니다.")],
            }, CancellationToken.None);
        }
        // (the site reads PostgreSQL's change counter at most once a second, so another machine's write shows within that)
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var paperAfter = await client.GetStringAsync("/papers/2408.07540");
        while (!paperAfter.Contains("너구리", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            paperAfter = await client.GetStringAsync("/papers/2408.07540");
        }
        var after = await client.GetFromJsonAsync<SearchPage>("/api/search?q=" + Uri.EscapeDataString("너구리"));

        // Then the change stamp moved, so the cached page is rendered again with the summary, and search finds it
        Assert.DoesNotContain("너구리", paperBefore, StringComparison.Ordinal);
        Assert.Contains("너구리를 위한 새로운 3D 편집 방법입니다.", paperAfter, StringComparison.Ordinal);
        Assert.Equal(0, before!.Total);
        Assert.Equal(["2408.07540"], after!.Hits.Select(h => h.ArxivId));
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
