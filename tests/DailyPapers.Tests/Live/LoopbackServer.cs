using System.Collections.Concurrent;
using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Live;

/// <summary>A fault the server plays instead of (or before) the real reply.</summary>
public enum Fault
{
    /// <summary>429 with Retry-After: 1.</summary>
    TooManyRequests,
    /// <summary>500.</summary>
    ServerError,
    /// <summary>A body cut short of its Content-Length, then the connection closed.</summary>
    TruncatedBody,
    /// <summary>The real reply after a delay longer than the client's attempt timeout.</summary>
    Slow,
    /// <summary>200 with a body that is not JSON/XML.</summary>
    Malformed,
}

/// <summary>
/// A Kestrel server on 127.0.0.1 that answers as Hugging Face and arXiv do, replaying the recorded responses in
/// ../shared/data: <c>/api/daily_papers</c> (hf_daily_papers: a day, week or month, sorted and paged; see HfDailyPapers),
/// <c>/api/query</c> (recorded arxiv_api feeds by id, else an entry built in the current Atom format from the day's
/// recorded HF record, else no entry), <c>/html/ID</c> (arxiv_html fixtures) and <c>/pdf/ID</c> (a PDF given by the test).
/// Faults are queued per path prefix and played once each.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FaultScript _faults = new();
    private readonly Dictionary<string, JsonElement> _hfPapers = new(StringComparer.Ordinal);

    /// <summary>Every request: path and query, User-Agent, when it arrived.</summary>
    public ConcurrentQueue<(string PathAndQuery, string UserAgent, DateTimeOffset At)> Requests { get; } = new();

    /// <summary>arXiv ids served an HTML rendering, and which fixture file (under arxiv_html) each gets.</summary>
    public ConcurrentDictionary<string, string> Html { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every paper without an entry in <see cref="Html"/> gets this fixture (for the benchmark).</summary>
    public string? HtmlForAll { get; set; }

    /// <summary>When set, every paper without an entry in <see cref="Pdfs"/> gets this PDF.</summary>
    public byte[]? PdfForAll { get; set; }

    /// <summary>PDFs by arXiv id.</summary>
    public ConcurrentDictionary<string, byte[]> Pdfs { get; } = new(StringComparer.Ordinal);

    /// <summary>Delay of a <see cref="Fault.Slow"/> reply.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(60); // ended early when the client gives up

    /// <summary>The server's base URL, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; private set; } = "";

    private LoopbackServer(WebApplication app) => _app = app;

    /// <summary>Starts a server on a free loopback port; <paramref name="dataRoot"/> is ../shared/data.</summary>
    public static async Task<LoopbackServer> StartAsync(string dataRoot)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackServer(app) { DataRoot = dataRoot };
        server.LoadHfPapers();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>The shared data folder.</summary>
    public string DataRoot { get; private init; } = "";

    /// <summary>Plays <paramref name="faults"/> in order on the next requests whose path and query start with <paramref name="prefix"/>.</summary>
    public void Inject(string prefix, params Fault[] faults)
        => _faults.Inject(prefix, faults);

    /// <summary>Requests whose path and query start with the prefix.</summary>
    public int Count(string prefix) => Requests.Count(r => r.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal));

    private string HfFolder => Path.Combine(DataRoot, "hf_daily_papers", "raw_2024");

    private void LoadHfPapers()
    {
        foreach (var file in Directory.EnumerateFiles(HfFolder, "2024-*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            if (doc.RootElement.ValueKind != JsonValueKind.Array) continue;
            foreach (var e in doc.RootElement.EnumerateArray())
                if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("paper", out var p) && p.TryGetProperty("id", out var id))
                    _hfPapers.TryAdd(id.GetString()!, p.Clone());
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = request.Path + request.QueryString.ToUriComponent();
        pathAndQuery = Uri.UnescapeDataString(pathAndQuery);
        Requests.Enqueue((pathAndQuery, request.Headers.UserAgent.ToString(), DateTimeOffset.UtcNow));
        var fault = _faults.Next(pathAndQuery);
        if (fault == Fault.Slow) await Task.Delay(SlowDelay, context.RequestAborted);
        var (status, type, body) = Reply(request);
        var malformed = Encoding.UTF8.GetBytes(type.Contains("json") ? "[{\"paper\": {\"id\": " : "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>");
        await FaultScript.WriteAsync(context, fault, status, type, body, malformed);
    }

    private (int Status, string Type, byte[] Body) Reply(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path == "/api/daily_papers") return HfDailyPapers(request);
        if (path == "/api/query") return ArxivQuery(request);
        if (path.StartsWith("/html/", StringComparison.Ordinal))
        {
            var id = StripVersion(path[6..]);
            var fixture = Html.TryGetValue(id, out var f) ? f : _hfPapers.ContainsKey(id) ? HtmlForAll : null;
            return fixture is null
                ? (404, "text/html", "<html><body>No HTML for this paper</body></html>"u8.ToArray())
                : (200, "text/html; charset=utf-8", File.ReadAllBytes(Path.Combine(DataRoot, "arxiv_html", fixture)));
        }
        if (path.StartsWith("/pdf/", StringComparison.Ordinal))
        {
            var id = StripVersion(path[5..]);
            if ((Pdfs.TryGetValue(id, out var pdf) ? pdf : _hfPapers.ContainsKey(id) ? PdfForAll : null) is { } bytes)
                return (200, "application/pdf", bytes);
        }
        return (404, "text/plain", "not found"u8.ToArray());
    }

    /// <summary>
    /// <c>date=</c> replays the recorded day (raw_2024, else raw_later_samples); <c>week=YYYY-Www</c> and
    /// <c>month=YYYY-MM</c> join the recorded 2024 days of that period in date order; <c>sort=trending</c> orders by
    /// upvotes; <c>p</c> and <c>limit</c> cut one page. A period or page without records answers <c>[]</c>.
    /// </summary>
    private (int, string, byte[]) HfDailyPapers(HttpRequest request)
    {
        var date = request.Query["date"].ToString();
        var limit = int.TryParse(request.Query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 0;
        if (date.Length > 0 && request.Query["sort"].Count == 0 && limit == 0)
        {
            var file = new[] { HfFolder, Path.Combine(DataRoot, "hf_daily_papers", "raw_later_samples") }.Select(f => Path.Combine(f, date + ".json")).FirstOrDefault(File.Exists);
            return (200, "application/json", file is null ? "[]"u8.ToArray() : File.ReadAllBytes(file));
        }
        var week = request.Query["week"].ToString();
        var month = request.Query["month"].ToString();
        bool InPeriod(DateOnly d) =>
            date.Length > 0 ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == date
            : week.Length > 0 ? $"{ISOWeek.GetYear(d.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(d.ToDateTime(TimeOnly.MinValue)):00}" == week
            : month.Length > 0 && d.ToString("yyyy-MM", CultureInfo.InvariantCulture) == month;
        var records = new List<JsonElement>();
        foreach (var file in Directory.EnumerateFiles(HfFolder, "2024-*.json").Order(StringComparer.Ordinal))
        {
            if (!DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(file), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) || !InPeriod(d)) continue;
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            if (doc.RootElement.ValueKind == JsonValueKind.Array)
                records.AddRange(doc.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => e.Clone()));
        }
        IEnumerable<JsonElement> ordered = request.Query["sort"] == "trending"
            ? records.OrderByDescending(e => e.GetProperty("paper").GetProperty("upvotes").GetInt32())
            : records;
        if (limit > 0)
        {
            var page = int.TryParse(request.Query["p"], CultureInfo.InvariantCulture, out var p) ? p : 0;
            ordered = ordered.Skip(page * limit).Take(limit);
        }
        return (200, "application/json", JsonSerializer.SerializeToUtf8Bytes(ordered.ToList()));
    }

    private static string StripVersion(string id) => DailyPapers.Papers.ArxivId.TryParse(id, out var a) ? a.Id : id;

    private (int, string, byte[]) ArxivQuery(HttpRequest request)
    {
        const string atom = "application/atom+xml; charset=utf-8";
        var recorded = Path.Combine(DataRoot, "arxiv_api", "arxiv_py_recorded_2026", "extracted_xml");
        var search = request.Query["search_query"].ToString();
        if (search.Length > 0)
        {
            // Paging replays the recorded search pages by start/max_results.
            var file = Directory.EnumerateFiles(recorded, $"q_testing_s{request.Query["start"]}_m{request.Query["max_results"]}_*.xml").FirstOrDefault();
            return file is null ? (200, atom, Feed([], 0)) : (200, atom, File.ReadAllBytes(file));
        }
        var ids = request.Query["id_list"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Any(i => !DailyPapers.Papers.ArxivId.TryParse(i, out _)))
            return (400, atom, File.ReadAllBytes(Directory.EnumerateFiles(recorded, "id_abc_*.xml").First()));
        var recordedFile = Directory.EnumerateFiles(recorded, $"id_{string.Join("_", ids).Replace('/', '_')}_s0_m100_*.xml").FirstOrDefault();
        if (recordedFile is not null) return (200, atom, File.ReadAllBytes(recordedFile));
        var entries = ids.Select(StripVersion).Where(_hfPapers.ContainsKey).Select(i => Entry(i, _hfPapers[i])).ToList();
        return (200, atom, Feed(entries, entries.Count));
    }

    private static byte[] Feed(IReadOnlyList<string> entries, int total) => Encoding.UTF8.GetBytes($"""
        <?xml version='1.0' encoding='UTF-8'?>
        <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
          <id>https://arxiv.org/api/loopback</id>
          <title>arXiv Query: loopback</title>
          <updated>2024-08-20T00:00:00Z</updated>
          <opensearch:itemsPerPage>{entries.Count}</opensearch:itemsPerPage>
          <opensearch:totalResults>{total}</opensearch:totalResults>
          <opensearch:startIndex>0</opensearch:startIndex>
        {string.Join("\n", entries)}
        </feed>
        """);

    /// <summary>
    /// An entry in the current arXiv Atom format built from the recorded HF record (title, abstract, authors, date are
    /// real). Categories and the comment are synthetic: the HF feed has none. The comment carries a code link so the
    /// links enricher has something to find in comments.
    /// </summary>
    private static string Entry(string id, JsonElement paper)
    {
        static string X(string? s) => SecurityElement.Escape(s ?? "");
        var published = paper.TryGetProperty("publishedAt", out var p) ? p.GetString() : "2024-08-14T00:00:00.000Z";
        var authors = paper.TryGetProperty("authors", out var a)
            ? string.Concat(a.EnumerateArray().Select(x => $"<author><name>{X(x.GetProperty("name").GetString())}</name></author>"))
            : "";
        var when = DateTimeOffset.Parse(published!, CultureInfo.InvariantCulture).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return $"""
              <entry>
                <id>http://arxiv.org/abs/{id}v2</id>
                <title>{X(paper.GetProperty("title").GetString())}</title>
                <updated>{when}</updated>
                <link href="https://arxiv.org/abs/{id}v2" rel="alternate" type="text/html"/>
                <link href="https://arxiv.org/pdf/{id}v2" rel="related" type="application/pdf" title="pdf"/>
                <summary>{X(paper.GetProperty("summary").GetString())}</summary>
                <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
                <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
                <published>{when}</published>
                <arxiv:comment>12 pages. Code: https://github.com/loopback/{id}</arxiv:comment>
                <arxiv:primary_category term="cs.CL"/>
                {authors}
              </entry>
            """;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
