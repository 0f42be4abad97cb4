using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DailyPapers.Web.Tests;

/// <summary>The real app (Program) in memory over a <see cref="SampleStore"/>, with an admin token configured.</summary>
public sealed class WebFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token-7f3c";

    public SampleStore Sample { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DailyPapers:Store:Path", Sample.StorePath);
        builder.UseSetting("DailyPapers:Web:AdminToken", AdminToken);
        builder.UseSetting("DailyPapers:Digest:Language", "ko");
        // Runs triggered in these tests use the stored sample day; nothing may reach the internet.
        foreach (var (key, value) in SampleStore.OfflineSettings) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Sample.Dispose();
    }
}
