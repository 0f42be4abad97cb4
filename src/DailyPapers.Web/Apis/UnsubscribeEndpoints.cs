using System.Net;
using DailyPapers.Deliver;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Apis;

/// <summary>
/// The e-mail unsubscribe link (<c>/unsubscribe?list=L&amp;email=E&amp;sig=S</c>): <c>POST</c> removes the address (RFC 8058
/// one-click, what mail clients send for <c>List-Unsubscribe-Post</c>); <c>GET</c> only shows a button that posts, so a
/// mail scanner following links removes nobody. A link whose signature does not match is refused with 403.
/// </summary>
internal static class UnsubscribeEndpoints
{
    public static IEndpointRouteBuilder MapUnsubscribe(this IEndpointRouteBuilder app)
    {
        app.MapGet("/unsubscribe", (HttpRequest request, IOptions<DeliveryOptions> options) =>
            Check(request, options.Value) is { } refused ? refused
                : Page(200, "Unsubscribe", $"<form method=\"post\" action=\"{WebUtility.HtmlEncode(request.Path + request.QueryString)}\"><p>Stop sending the daily papers of '{WebUtility.HtmlEncode(request.Query["list"].ToString())}' to {WebUtility.HtmlEncode(request.Query["email"].ToString())}?</p><button type=\"submit\">Unsubscribe</button></form>"))
            .ExcludeFromDescription();
        app.MapPost("/unsubscribe", async (HttpRequest request, IOptions<DeliveryOptions> options, IDeliveryStore store, CancellationToken ct) =>
        {
            if (Check(request, options.Value) is { } refused) return refused;
            await store.RemoveSubscriberAsync(request.Query["list"].ToString().ToLowerInvariant(), request.Query["email"].ToString(), ct).ConfigureAwait(false);
            return Page(200, "Unsubscribed", $"<p>{WebUtility.HtmlEncode(request.Query["email"].ToString())} will get no more e-mail from this list.</p>");
        }).ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static IResult? Check(HttpRequest request, DeliveryOptions o)
    {
        var (list, email, sig) = (request.Query["list"].ToString(), request.Query["email"].ToString(), request.Query["sig"].ToString());
        if (string.IsNullOrEmpty(o.Secret)) return Page(404, "Not found", "<p>This site sends no e-mail.</p>");
        return list.Length == 0 || email.Length == 0 || !Unsubscribe.Verify(o.Secret, list, email, sig)
            ? Page(403, "Link not valid", "<p>This unsubscribe link is not valid; use the link of a message you received.</p>")
            : null;
    }

    private static IResult Page(int status, string title, string body) => Results.Content(
        $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>",
        "text/html; charset=utf-8", statusCode: status);
}
