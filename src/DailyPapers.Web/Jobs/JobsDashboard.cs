using System.Text;
using DailyPapers.Web.Apis;
using DailyPapers.Workers;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Jobs;

/// <summary>
/// Hangfire's dashboard at <c>/jobs</c> when workers are on, behind the admin token: <c>Authorization: Bearer TOKEN</c>,
/// or HTTP Basic with the token as password (what a browser asks for and then sends with the dashboard's own requests).
/// Without an admin token it is absent (404), like the trigger endpoint.
/// </summary>
internal static class JobsDashboard
{
    public const string Path = "/jobs";

    /// <summary>The dashboard's own scripts and styles run there; elsewhere the site's no-script policy holds.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void UseJobsDashboard(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<WorkersOptions>>().Value.Enabled) return;
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), branch => branch.Use(GuardAsync));
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AlreadyChecked()],
            AsyncAuthorization = [],
            DashboardTitle = "DailyPapers jobs",
            AppPath = "/",
            DisplayStorageConnectionString = false, // it holds the store's password
            IgnoreAntiforgeryToken = false,
        });
    }

    private static Task GuardAsync(HttpContext context, Func<Task> next)
    {
        var token = context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value.AdminToken;
        if (string.IsNullOrWhiteSpace(token))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (RunsApi.Authorized(header, token) || RunsApi.Authorized("Bearer " + BasicPassword(header), token))
            return next();
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"DailyPapers jobs (the admin token is the password)\", Bearer";
        return Task.CompletedTask;
    }

    // The password of "Basic base64(user:password)"; empty when the header is not that.
    private static string BasicPassword(string header)
    {
        const string Scheme = "Basic ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return "";
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[Scheme.Length..].Trim()));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? "" : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return "";
        }
    }

    // The guard in front of the dashboard has checked the token already.
    private sealed class AlreadyChecked : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}
