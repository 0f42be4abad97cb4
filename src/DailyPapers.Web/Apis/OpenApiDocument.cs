using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DailyPapers.Web.Apis;

/// <summary>
/// Makes <c>/api/openapi.json</c> a document clients can generate from: titled DailyPapers whichever host serves it,
/// a relative server, every operation's security stated (public, or the admin bearer token on <c>POST /api/runs</c>).
/// </summary>
internal static class OpenApiDocumentSetup
{
    public const string BearerScheme = "bearer";

    /// <summary>The operation that needs <c>Authorization: Bearer &lt;DailyPapers:Web:AdminToken&gt;</c>.</summary>
    public const string TriggerRunOperation = "TriggerRun";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Days"] = "The stored days and each day's papers with their summaries.",
        ["Papers"] = "One paper with every summary and the days it was featured.",
        ["Search"] = "Full-text search over titles, abstracts and summaries.",
        ["Runs"] = "Triggering the digest run of a day (admin token).",
        ["Feeds"] = "Atom and JSON Feed subscriptions to the latest days.",
    };

    private static readonly string[] SearchModeNames = [.. Enum.GetValues<Rank.SearchMode>().Select(Rank.SearchModes.Name)];

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, context, ct) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "DailyPapers",
                Version = "1",
                Description = "Each day's trending research papers, summarized in several languages and checked by verifiers.",
            };
            // The document is served by the site it describes: a relative server keeps it true behind any host name or port.
            document.Servers = [new OpenApiServer { Url = "/" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The configured DailyPapers:Web:AdminToken.",
            };
            foreach (var tag in document.Tags ?? Enumerable.Empty<OpenApiTag>())
                if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description)) tag.Description = description;
            foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
            {
                if (operation.OperationId == "Search" && operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == "mode") is { } mode)
                {
                    // Bound as a string so a bad value is answered with the allowed ones; the document still lists them.
                    mode.Description = "keyword (default): every word required, bm25; semantic: nearest title + abstract vectors; hybrid: both, reciprocal rank fusion.";
                    mode.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [.. SearchModeNames.Select(n => (JsonNode)JsonValue.Create(n)!)],
                        Default = JsonValue.Create(SearchModeNames[0]),
                    };
                }
                operation.Security = operation.OperationId == TriggerRunOperation
                    ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }]
                    : [new OpenApiSecurityRequirement()]; // an empty requirement: anyone may call it
            }
            return Task.CompletedTask;
        });
    }
}
