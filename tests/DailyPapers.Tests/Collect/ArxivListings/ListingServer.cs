using System.Collections.Concurrent;
using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using DailyPapers.Tests.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Tests.Collect.ArxivListings;

/// <summary>
/// A Kestrel server on 127.0.0.1 that answers as arXiv's listing endpoints do: <c>/rss/{category}</c> serves the
/// fixture set in <see cref="Feeds"/> (404 for a category without one), and <c>/api/query?search_query=cat:X AND
/// submittedDate:[A TO B]</c> answers in arXiv's Atom format from the real daily listing (daily_arxiv JSONL) whose
/// announcement the window ends with, paged by start/max_results. Faults are queued per path prefix and played once each.
/// </summary>
public sealed class ListingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FaultScript _faults = new();

    /// <summary>The fixture file (in Fixtures/) served for each category's RSS feed.</summary>
    public ConcurrentDictionary<string, string> Feeds { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, the RSS feed of every category (for the benchmark): raw bytes.</summary>
    public ConcurrentDictionary<string, byte[]> FeedBytes { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request: path and query, when it arrived.</summary>
    public ConcurrentQueue<(string PathAndQuery, DateTimeOffset At)> Requests { get; } = new();

    /// <summary>The base URL, e.g. http://127.0.0.1:40123.</summary>
    public string BaseUrl { get; private set; } = "";

    private ListingServer(WebApplication app) => _app = app;

    public static string FixtureFolder => Path.Combine(TestPaths.RepoRoot, "tests", "DailyPapers.Tests", "Collect", "ArxivListings", "Fixtures");

    public static string ListingsFolder => Path.Combine(TestPaths.SharedData, "arxiv_listings", "daily_arxiv");

    public static async Task<ListingServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new ListingServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public void Inject(string prefix, params Fault[] faults)
        => _faults.Inject(prefix, faults);

    public int Count(string prefix) => Requests.Count(r => r.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal));

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var pathAndQuery = Uri.UnescapeDataString(request.Path + request.QueryString.ToUriComponent());
        Requests.Enqueue((pathAndQuery, DateTimeOffset.UtcNow));
        var fault = _faults.Next(pathAndQuery);
        var (status, type, body) = Reply(request);
        await FaultScript.WriteAsync(context, fault, status, type, body, "<rss version=\"2.0\"><channel><item><title>"u8.ToArray());
    }

    private (int Status, string Type, byte[] Body) Reply(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path.StartsWith("/rss/", StringComparison.Ordinal))
        {
            var category = path[5..];
            if (FeedBytes.TryGetValue(category, out var bytes)) return (200, "application/rss+xml; charset=utf-8", bytes);
            return Feeds.TryGetValue(category, out var file)
                ? (200, "application/rss+xml; charset=utf-8", File.ReadAllBytes(Path.Combine(FixtureFolder, file)))
                : (404, "text/html", "<html><body>Not Found</body></html>"u8.ToArray());
        }
        if (path == "/api/query") return Search(request);
        return (404, "text/plain", "not found"u8.ToArray());
    }

    // cat:cs.CL AND submittedDate:[202505011800 TO 202505021759]
    private static (int, string, byte[]) Search(HttpRequest request)
    {
        const string atom = "application/atom+xml; charset=utf-8";
        var query = request.Query["search_query"].ToString();
        var category = query[4..query.IndexOf(' ', StringComparison.Ordinal)];
        var to = query[(query.IndexOf(" TO ", StringComparison.Ordinal) + 4)..].TrimEnd(']');
        var from = query[(query.IndexOf('[', StringComparison.Ordinal) + 1)..query.IndexOf(" TO ", StringComparison.Ordinal)];
        var fromTime = DateTimeOffset.ParseExact(from, "yyyyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var cutoffDay = DateOnly.ParseExact(to[..8], "yyyyMMdd", CultureInfo.InvariantCulture);
        // The listing crawled the morning after the announcement: the cut-off day's (Sunday's for a Friday cut-off).
        var crawled = cutoffDay.AddDays(cutoffDay.DayOfWeek == DayOfWeek.Friday ? 3 : 1);
        var records = ListingRecords(crawled).Where(r => r.Categories.Contains(category) || r.Categories.Any(c => c.StartsWith(category + ".", StringComparison.Ordinal))).ToList();
        var start = int.Parse(request.Query["start"].ToString(), CultureInfo.InvariantCulture);
        var max = int.Parse(request.Query["max_results"].ToString(), CultureInfo.InvariantCulture);
        var page = records.Skip(start).Take(max).Select((r, i) => Entry(r, fromTime.AddMinutes(start + i))).ToList();
        return (200, atom, Encoding.UTF8.GetBytes($"""
            <?xml version='1.0' encoding='UTF-8'?>
            <feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
              <id>https://arxiv.org/api/loopback</id>
              <title>arXiv Query: loopback</title>
              <updated>2025-05-05T00:00:00Z</updated>
              <opensearch:itemsPerPage>{page.Count}</opensearch:itemsPerPage>
              <opensearch:totalResults>{records.Count}</opensearch:totalResults>
              <opensearch:startIndex>{start}</opensearch:startIndex>
            {string.Join("\n", page)}
            </feed>
            """));
    }

    /// <summary>One record of a daily_arxiv listing.</summary>
    public sealed record ListingRecord(string Id, string Title, string Summary, IReadOnlyList<string> Authors, IReadOnlyList<string> Categories, string? Comment);

    /// <summary>The unique records of the listing crawled on <paramref name="crawled"/> (file YYYY-MM-DD.jsonl), in file order; none when there is no file.</summary>
    public static IReadOnlyList<ListingRecord> ListingRecords(DateOnly crawled)
    {
        var name = crawled.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".jsonl";
        var file = Directory.EnumerateFiles(ListingsFolder, name, SearchOption.AllDirectories).FirstOrDefault();
        if (file is null) return [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var records = new List<ListingRecord>();
        foreach (var line in File.ReadLines(file))
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var id = r.GetProperty("id").GetString()!;
            if (!seen.Add(id)) continue;
            records.Add(new ListingRecord(id, r.GetProperty("title").GetString()!, r.GetProperty("summary").GetString()!,
                [.. r.GetProperty("authors").EnumerateArray().Select(a => a.GetString()!)],
                [.. r.GetProperty("categories").EnumerateArray().Select(a => a.GetString()!)],
                r.GetProperty("comment").ValueKind == JsonValueKind.String ? r.GetProperty("comment").GetString() : null));
        }
        return records;
    }

    /// <summary>
    /// An RSS listing of <paramref name="category"/> in arXiv's format (as the fixtures' README describes) from real
    /// records: new when the record's primary category is the feed's, else cross; for the benchmark's large days.
    /// </summary>
    public static byte[] BuildFeed(string category, string pubDate, IEnumerable<ListingRecord> records)
    {
        static string X(string? s) => SecurityElement.Escape(s ?? "");
        var items = new StringBuilder();
        foreach (var r in records)
        {
            var type = r.Categories[0] == category ? "new" : "cross";
            items.Append(CultureInfo.InvariantCulture, $"""
                    <item>
                      <title>{X(string.Join(' ', r.Title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))}</title>
                      <link>https://arxiv.org/abs/{r.Id}</link>
                      <description>arXiv:{r.Id}v1 Announce Type: {type} 
                Abstract: {X(string.Join(' ', r.Summary.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))}</description>
                      <guid isPermaLink="false">oai:arXiv.org:{r.Id}v1</guid>
                      {string.Concat(r.Categories.Select(c => $"<category>{X(c)}</category>"))}
                      <pubDate>{pubDate}</pubDate>
                      <arxiv:announce_type>{type}</arxiv:announce_type>
                      <dc:creator>{X(string.Join(", ", r.Authors))}</dc:creator>
                    </item>

                """);
        }
        return Encoding.UTF8.GetBytes($"""
            <?xml version='1.0' encoding='UTF-8'?>
            <rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
              <channel>
                <title>{X(category)} updates on arXiv.org</title>
                <pubDate>{pubDate}</pubDate>
            {items}  </channel>
            </rss>
            """);
    }

    /// <summary>Every unique record of the real listings (all days), in file order: for a large synthetic day.</summary>
    public static IReadOnlyList<ListingRecord> AllRecords() =>
        [.. Directory.EnumerateFiles(ListingsFolder, "????-??-??.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .SelectMany(f => ListingRecords(DateOnly.ParseExact(Path.GetFileNameWithoutExtension(f), "yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .DistinctBy(r => r.Id)];

    private static string Entry(ListingRecord r, DateTimeOffset published)
    {
        static string X(string? s) => SecurityElement.Escape(s ?? "");
        var when = published.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return $"""
              <entry>
                <id>http://arxiv.org/abs/{r.Id}v1</id>
                <title>{X(r.Title)}</title>
                <updated>{when}</updated>
                <link href="https://arxiv.org/abs/{r.Id}v1" rel="alternate" type="text/html"/>
                <link href="https://arxiv.org/pdf/{r.Id}v1" rel="related" type="application/pdf" title="pdf"/>
                <summary>{X(r.Summary)}</summary>
                {string.Concat(r.Categories.Select(c => $"<category term=\"{X(c)}\" scheme=\"http://arxiv.org/schemas/atom\"/>"))}
                <published>{when}</published>
                {(r.Comment is null ? "" : $"<arxiv:comment>{X(r.Comment)}</arxiv:comment>")}
                <arxiv:primary_category term="{X(r.Categories[0])}"/>
                {string.Concat(r.Authors.Select(a => $"<author><name>{X(a)}</name></author>"))}
              </entry>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
