namespace DailyPapers.Web.Site;

/// <summary>Headers on every response: a strict Content-Security-Policy (no script, no third party) and friends.</summary>
internal static class SecurityHeaders
{
    // Images and videos are the feed's thumbnails on other hosts; nothing else may load, and no script may run.
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' https: data:; media-src https:; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static Task ApplyAsync(HttpContext context, Func<Task> next)
    {
        // Set as the response starts, so that error responses (whose headers the exception handler clears) get them too.
        context.Response.OnStarting(static state =>
        {
            Set((HttpContext)state);
            return Task.CompletedTask;
        }, context);
        return next();
    }

    /// <summary>Sets the headers on the response now (for a response written whole, with nothing after it to fail).</summary>
    public static void Set(HttpContext context)
    {
        var headers = context.Response.Headers;
        // Hangfire's dashboard runs its own scripts: it gets its own policy (Jobs.JobsDashboard)
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(Jobs.JobsDashboard.Path)
            ? Jobs.JobsDashboard.ContentSecurityPolicy
            : ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
