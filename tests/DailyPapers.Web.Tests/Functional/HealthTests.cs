using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Web.Tests.Functional;

public sealed class HealthTests
{
    [Fact]
    public async Task A_corrupted_store_is_unhealthy_while_its_pages_fail()
    {
        // Given a store whose papers and summaries tables have their root pages overwritten: its list of days still reads
        // (the probe's case: health answered Healthy from the dates alone while every page failed)
        using var sample = new SampleStore();
        var corrupt = Path.Combine(sample.Folder, "corrupt.db");
        var pages = new List<long>();
        long pageSize;
        using (var c = new SqliteConnection($"Data Source={sample.StorePath};Pooling=false"))
        {
            c.Open();
            using var checkpoint = c.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE); VACUUM INTO $path;";
            checkpoint.Parameters.AddWithValue("$path", corrupt);
            checkpoint.ExecuteNonQuery();
        }
        using (var c = new SqliteConnection($"Data Source={corrupt};Pooling=false"))
        {
            c.Open();
            using var size = c.CreateCommand();
            size.CommandText = "PRAGMA page_size";
            pageSize = (long)size.ExecuteScalar()!;
            using var stat = c.CreateCommand();
            stat.CommandText = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name IN ('papers', 'summaries')";
            using var r = stat.ExecuteReader();
            while (r.Read()) pages.Add(r.GetInt64(0));
        }
        Assert.NotEmpty(pages);
        await using (var file = new FileStream(corrupt, FileMode.Open, FileAccess.ReadWrite))
        {
            var garbage = Enumerable.Repeat((byte)0x55, (int)pageSize).ToArray();
            foreach (var number in pages)
            {
                file.Position = (number - 1) * pageSize;
                await file.WriteAsync(garbage);
            }
        }
        using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in SampleStore.OfflineSettings) b.UseSetting(key, value);
            b.UseSetting("DailyPapers:Store:Path", corrupt);
            b.UseEnvironment("Production");
        });
        using var client = app.CreateClient();

        // When the day page and the health endpoint are requested
        var page = await client.GetAsync("/2024-08-15");
        var health = await client.GetAsync("/health");

        // Then the page fails and health says so, rather than Healthy
        Assert.True((int)page.StatusCode >= 500, $"the day page answered {(int)page.StatusCode}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
    }
}
