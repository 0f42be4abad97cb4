using DailyPapers.Rank;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

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
        foreach (var (key, value) in SharedEncoder.Profile(Sample)) builder.UseSetting(key, value);
        builder.UseEnvironment("Production");
        // One real MiniLM model for every factory of the test run (loading it takes seconds on a loaded machine).
        builder.ConfigureTestServices(s => s.AddSingleton<ITextEncoder>(SharedEncoder.Instance));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Sample.Dispose();
    }
}
