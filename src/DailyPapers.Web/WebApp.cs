using DailyPapers.Hosting;
using DailyPapers.Storage;
using DailyPapers.Web.Apis;
using DailyPapers.Web.Jobs;
using DailyPapers.Web.Scheduling;
using DailyPapers.Web.Site;
using System.Text.Encodings.Web;
using System.Text.Unicode;
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
        // The hosting layer's own category is off entirely: whenever its logger is enabled at any level, it makes an
        // Activity and a log scope for every request (7 % of the CPU of a cached page, measured) only for its request
        // start and finish lines, which are Information. Set Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics
        // to Information to see them.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = [new("Logging:LogLevel:Default", "Information"), new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
                new("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "None")],
        });
        // A request is handled on the thread that took its socket's completion rather than queued to another one
        // first: on Linux that thread is a thread-pool thread (socket completions are not run on the epoll thread
        // unless DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS is set, which DailyPapers does not set), so code that
        // blocks holds a pool thread as before, not the socket engine. It saves a thread hop a request: 1.06-1.13x the
        // requests/s for a cached page in three side-by-side runs (bench/web/README.md, 2026-12-03).
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
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
            .AtLeast(o.SearchPageSize, 1, nameof(o.SearchPageSize))
            .AtLeast(o.TrimNativeHeapSeconds, 0, nameof(o.TrimNativeHeapSeconds))
            .AtLeast(o.NativeHeapArenas, 0, nameof(o.NativeHeapArenas)));
        services.AddSingleton<IPaperSearch>(sp => sp.GetRequiredService<IPaperStore>() as IPaperSearch
            ?? throw new InvalidOperationException("the configured store does not support the web site's queries (IPaperSearch)"));
        services.AddSingleton<SiteData>();
        services.AddSingleton<ProfileData>();
        services.AddSingleton<PageCache>();
        services.AddSingleton(sp => SiteStylesheet.From(sp.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider));
        services.AddSingleton<PageRenderer>();
        // The renderer encodes with the registered HtmlEncoder: let letters of every script through as themselves
        // (Korean summaries stay readable in the source and a third of the size); markup characters are still encoded.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddSingleton<RunGate>();
        services.AddHostedService<ScheduledDigestService>();
        services.AddHostedService<NativeHeapTrim>();
        services.AddProblemDetails();
        services.AddOpenApi(OpenApiDocumentSetup.Configure);
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.WriteIndented = false);
    }

    /// <summary>
    /// The build's static-asset manifest (<c>wwwroot/site.css</c>), beside this assembly whichever host runs it
    /// (the CLI's <c>serve</c>, the standalone web app, the tests), rather than the entry assembly's name.
    /// </summary>
    private static string StaticAssetsManifest => Path.Combine(AppContext.BaseDirectory, "DailyPapers.Web.staticwebassets.endpoints.json");

    private static void MapEndpoints(WebApplication app)
    {
        // Pages already rendered are answered first; routing is placed explicitly after, so they skip it.
        app.UseMiddleware<CachedPageMiddleware>();
        app.UseRouting();
        app.Use(SecurityHeaders.ApplyAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages(SiteEndpoints.WriteStatusPageAsync);
        app.MapStaticAssets(StaticAssetsManifest);
        app.MapOpenApi("/api/openapi.json");
        app.MapHealthChecks("/health");
        app.MapDaysApi();
        app.MapPapersApi();
        app.MapSearchApi();
        app.MapSimilarApi();
        app.MapRunsApi();
        app.MapFeeds();
        app.MapUnsubscribe();
        app.MapProfiles();
        app.UseJobsDashboard(); // /jobs, when workers are on, behind the admin token
        app.MapSitePages();
    }
}

/// <summary>
/// Healthy when the store answers what the front page reads: the list of days and the newest day whole (its papers and
/// summaries), so a store whose tables no longer read is Unhealthy rather than Healthy from the date list alone.
/// </summary>
internal sealed class StoreHealthCheck(SiteData site) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (await site.LatestDateAsync(cancellationToken).ConfigureAwait(false) is not { } latest)
                return HealthCheckResult.Healthy("the store is empty");
            var day = await site.GetDayAsync(latest, null, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"newest day {latest:yyyy-MM-dd} reads ({day?.Items.Count ?? 0} papers)");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever the store throws (a named store error, a driver's error on a damaged file) means pages fail too
            return HealthCheckResult.Unhealthy("the store cannot be read", ex);
        }
    }
}
