using DailyPapers.Hosting;
using DailyPapers.Storage;
using DailyPapers.Web.Apis;
using DailyPapers.Web.Scheduling;
using DailyPapers.Web.Site;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DailyPapers.Web;

/// <summary>Builds the web app: pages, feeds, JSON API, health and the scheduled run over the shared store.</summary>
public static class WebApp
{
    /// <summary>The app for <paramref name="args"/> (e.g. <c>--urls</c>); <paramref name="storePath"/> overrides <c>DailyPapers:Store:Path</c>.</summary>
    public static WebApplication Build(string[] args, string? storePath = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // Per-request framework logs cost more than serving a cached page; default them off (configuration still wins).
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Default", "Information"), new("Logging:LogLevel:Microsoft.AspNetCore", "Warning")],
        });
        builder.AddDailyPapers(storePath); // the composition root shared with the CLI: user secrets, LLM summarizers, store
        AddServices(builder);
        configure?.Invoke(builder);
        var app = builder.Build();
        MapEndpoints(app);
        return app;
    }

    private static void AddServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCheckedOptions<WebOptions>("DailyPapers:Web", (o, check) => check
            .That(ScheduleClock.TryCreate(o.Schedule, out _, out _), "DailyPapers:Web:Schedule has an invalid Time (HH:mm) or TimeZone")
            .Url(o.BaseUrl, nameof(o.BaseUrl), optional: true)
            .AtLeast(o.FeedDays, 1, nameof(o.FeedDays))
            .AtLeast(o.SearchPageSize, 1, nameof(o.SearchPageSize)));
        services.AddSingleton<IPaperSearch>(sp => sp.GetRequiredService<IPaperStore>() as IPaperSearch
            ?? throw new InvalidOperationException("the configured store does not support the web site's queries (IPaperSearch)"));
        services.AddSingleton<SiteData>();
        services.AddSingleton<PageCache>();
        services.AddSingleton<RunGate>();
        services.AddHostedService<ScheduledDigestService>();
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.WriteIndented = false);
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.Use(SecurityHeaders.ApplyAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/api/openapi.json");
        app.MapHealthChecks("/health");
        app.MapDaysApi();
        app.MapPapersApi();
        app.MapSearchApi();
        app.MapRunsApi();
        app.MapFeeds();
        app.MapSitePages();
    }
}

/// <summary>Healthy when the store opens and answers a query.</summary>
internal sealed class StoreHealthCheck(IPaperStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var dates = await store.GetDatesAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{dates.Count} days stored");
        }
        catch (InvalidOperationException ex)
        {
            return HealthCheckResult.Unhealthy("the store cannot be read", ex);
        }
    }
}
