using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DailyPapers.Tests.Live;
using Microsoft.AspNetCore.Http;

namespace DailyPapers.Tests.Collect.Biorxiv;

/// <summary>
/// A Kestrel server on 127.0.0.1 that answers as <c>api.biorxiv.org/details/{server}/{from}/{to}/{cursor}</c> does,
/// from the day files in Fixtures/ (<c>{server}_{date}*.json</c>): the day's collection cut into pages of
/// <see cref="PageSize"/> with a <c>messages</c> block (status, cursor, count, total); a day file whose status is not
/// <c>ok</c> is served as it is, and a day without a file answers "no posts found". Faults are queued per path prefix.
/// </summary>
public sealed class BiorxivServer : IAsyncDisposable
{
    private readonly FaultScript _faults = new();
    private LoopbackHost _host = null!;

    /// <summary>Records per page (the API's is 100; tests lower it to page a small day).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Every request's path.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The base URL, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl => _host.BaseUrl;

    public static string FixtureFolder => Path.Combine(TestPaths.RepoRoot, "tests", "DailyPapers.Tests", "Collect", "Biorxiv", "Fixtures");

    public static async Task<BiorxivServer> StartAsync()
    {
        var server = new BiorxivServer();
        server._host = await LoopbackHost.StartAsync(server.HandleAsync);
        return server;
    }

    public void Inject(string prefix, params Fault[] faults) => _faults.Inject(prefix, faults);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        Requests.Enqueue(path);
        var fault = _faults.Next(path);
        var (status, body) = Reply(path);
        await FaultScript.WriteAsync(context, fault, status, "application/json; charset=utf-8", body, "{\"messages\":[{\"status\":\"ok\"}],\"collection\":[{\"doi\":"u8.ToArray());
    }

    private (int Status, byte[] Body) Reply(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not ["details", var server, var from, var to, var cursorText] || from != to
            || !int.TryParse(cursorText, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
            return (404, """{"messages":[{"status":"not found"}]}"""u8.ToArray());
        var file = Directory.EnumerateFiles(FixtureFolder, $"{server}_{from}*.json").FirstOrDefault();
        if (file is null) return (200, """{"messages":[{"status":"no posts found"}],"collection":[]}"""u8.ToArray());
        var day = JsonNode.Parse(File.ReadAllBytes(file))!.AsObject();
        if ((string?)day["messages"]![0]!["status"] != "ok") return (200, File.ReadAllBytes(file));
        var all = day["collection"]!.AsArray();
        var page = new JsonArray([.. all.Skip(cursor).Take(PageSize).Select(r => r!.DeepClone())]);
        var reply = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject
            {
                ["status"] = "ok", ["interval"] = $"{from}:{to}", ["cursor"] = cursor, ["count"] = page.Count, ["total"] = all.Count.ToString(CultureInfo.InvariantCulture),
            }),
            ["collection"] = page,
        };
        return (200, JsonSerializer.SerializeToUtf8Bytes(reply));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
