using System.Security.Cryptography;
using System.Text;
using DailyPapers.Collect;
using DailyPapers.Storage;
using DailyPapers.Web.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Apis;

/// <summary><c>POST /api/runs?date=</c>: runs the digest for a date; needs the admin bearer token, absent (404) when none is configured.</summary>
internal static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/runs", RunAsync).WithTags("Runs").WithName(OpenApiDocumentSetup.TriggerRunOperation).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422)
            .Produces(StatusCodes.Status401Unauthorized)
            .WithSummary("Runs the digest for ?date=YYYY-MM-DD. Requires Authorization: Bearer <DailyPapers:Web:AdminToken>.");
        return app;
    }

    private static async Task<Results<Ok<RunResponse>, UnauthorizedHttpResult, ProblemHttpResult>> RunAsync(
        HttpContext http, string? date, RunGate gate, IOptions<WebOptions> options, IHostApplicationLifetime lifetime)
    {
        var token = options.Value.AdminToken;
        if (string.IsNullOrWhiteSpace(token))
            return Problems.Of(404, "Not found", "runs cannot be triggered: DailyPapers:Web:AdminToken is not configured");
        if (!Authorized(http.Request.Headers.Authorization.ToString(), token))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Unauthorized();
        }
        if (!Problems.TryParseDate(date, out var day))
            return Problems.Of(400, "Bad date", $"date '{date}' is not a date: expected ?date=YYYY-MM-DD, e.g. 2024-08-15");
        try
        {
            // The run belongs to the server, not to the request: a client that gives up waiting does not cancel it half-way.
            var report = await gate.TryRunAsync(day, lifetime.ApplicationStopping);
            return report is null
                ? Problems.Of(409, "Run under way", "another run is under way; try again when it has finished")
                : TypedResults.Ok(RunResponse.From(report));
        }
        catch (Exception ex) when (ex is DayNotFoundException or SourceException)
        {
            return Problems.Of(422, "No day to digest", ex.Message);
        }
        catch (DayBusyException ex)
        {
            // Another process (a CLI digest, another server) runs this date now: the message names the date and the holder.
            return Problems.Of(409, "Run under way", ex.Message);
        }
    }

    /// <summary>True when the header is <c>Bearer &lt;token&gt;</c>, compared in constant time.</summary>
    internal static bool Authorized(string header, string token)
    {
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        var expected = Encoding.UTF8.GetBytes(token);
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(expected));
    }
}
