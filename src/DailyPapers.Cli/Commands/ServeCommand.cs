using System.CommandLine;
using DailyPapers.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers serve</c>: the web site, feeds and JSON API over the store, until Ctrl-C.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen, e.g. http://127.0.0.1:5080 (several separated by ';').", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var store = new Option<string?>("--store") { Description = "The SQLite store file (default: DailyPapers:Store:Path)." };
        var command = new Command("serve", "Serve the day pages, paper pages, archive, search, Atom/JSON feeds and the JSON API (/api, OpenAPI at /api/openapi.json).")
        {
            urls, store,
        };
        command.SetAction(async (parse, ct) =>
        {
            // The same composition root as `digest`: scheduled and triggered runs use the same summarizers and settings.
            var app = WebApp.Build(["--urls", parse.GetValue(urls)!], parse.GetValue(store), b =>
            {
                if (context.Settings is { } settings) b.Configuration.AddInMemoryCollection(settings);
                context.Configure?.Invoke(b);
            });
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(ct).ConfigureAwait(false);
                await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            }
            return CliApp.Ok;
        });
        return command;
    }
}
