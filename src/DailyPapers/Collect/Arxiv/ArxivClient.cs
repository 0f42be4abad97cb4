using System.Globalization;
using System.Net;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Collect.Arxiv;

/// <summary>The result of an id look-up: what arXiv returned per id, and the ids it does not know.</summary>
public sealed record ArxivLookup(IReadOnlyDictionary<string, ArxivEntry> Found, IReadOnlyList<string> NotFound);

/// <summary>
/// The arXiv Atom API: batch look-up by id list and search by category and submission window, with paging. Requests go
/// through the "arxiv" client (politeness delay, User-Agent, retries, per-host circuit).
/// </summary>
public sealed class ArxivClient(IHttpClientFactory http, IOptions<ArxivOptions> options)
{
    /// <summary>Looks up ids (with or without versions) in batches of <see cref="ArxivOptions.BatchSize"/>.</summary>
    public async Task<ArxivLookup> LookupAsync(IEnumerable<ArxivId> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = ids.Distinct().ToList();
        var found = new Dictionary<string, ArxivEntry>(StringComparer.OrdinalIgnoreCase);
        foreach (var batch in wanted.Chunk(Math.Max(1, options.Value.BatchSize)))
        {
            var query = $"id_list={Uri.EscapeDataString(string.Join(",", batch.Select(i => i.ToString())))}&start=0&max_results={batch.Length}";
            var page = await QueryAsync(query, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Entries)
                found.TryAdd(entry.Id.Id, entry);
        }
        var notFound = wanted.Where(i => !found.ContainsKey(i.Id)).Select(i => i.ToString()).ToList();
        return new ArxivLookup(found, notFound);
    }

    /// <summary>Papers of a category submitted between two calendar dates (inclusive, UTC as arXiv counts them), page by page.</summary>
    public Task<IReadOnlyList<ArxivEntry>> SearchAsync(string category, DateOnly from, DateOnly to, int maxResults, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        if (to < from) throw new ArgumentException($"the window {from:yyyy-MM-dd}..{to:yyyy-MM-dd} ends before it starts");
        var window = $"submittedDate:[{from.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}0000 TO {to.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}2359]";
        return SearchPagedAsync($"cat:{category} AND {window}", maxResults, cancellationToken);
    }

    /// <summary>
    /// Papers of a category submitted in a window of instants (start inclusive, end exclusive, to the minute in UTC as
    /// the API takes them), sorted by submission date, page by page.
    /// </summary>
    public Task<IReadOnlyList<ArxivEntry>> SearchWindowAsync(string category, DateTimeOffset from, DateTimeOffset to, int maxResults, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        if (to <= from) throw new ArgumentException($"the window {from:u}..{to:u} ends before it starts");
        static string Minute(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
        return SearchPagedAsync($"cat:{category} AND submittedDate:[{Minute(from)} TO {Minute(to.AddMinutes(-1))}]", maxResults, cancellationToken);
    }

    private async Task<IReadOnlyList<ArxivEntry>> SearchPagedAsync(string searchQuery, int maxResults, CancellationToken cancellationToken)
    {
        var search = Uri.EscapeDataString(searchQuery);
        var results = new List<ArxivEntry>();
        var pageSize = Math.Max(1, options.Value.PageSize);
        for (var start = 0; results.Count < maxResults;)
        {
            var take = Math.Min(pageSize, maxResults - results.Count);
            var page = await QueryAsync($"search_query={search}&sortBy=submittedDate&sortOrder=ascending&start={start}&max_results={take}", cancellationToken).ConfigureAwait(false);
            results.AddRange(page.Entries);
            start += page.Entries.Count;
            if (page.Entries.Count == 0 || start >= page.TotalResults) break;
        }
        return results;
    }

    /// <summary>One API request; errors become <see cref="ArxivApiException"/> or <see cref="SourceUnavailableException"/>.</summary>
    internal async Task<ArxivPage> QueryAsync(string query, CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.Value.ApiUri.ToString().TrimEnd('?')}?{query}");
        try
        {
            using var response = await http.CreateClient(HttpRegistration.Arxiv).GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.BadRequest)
                throw new SourceUnavailableException($"{url.Host}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var page = ArxivAtomParser.Parse(body, $"arXiv API ({url.Host})");
            if (response.StatusCode == HttpStatusCode.BadRequest)
                throw new ArxivApiException($"arXiv API ({url.Host}): HTTP 400 without an error entry");
            return page;
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException
                                   || ex is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SourceUnavailableException($"{url.Host}: {HttpFailure.Describe(ex)}", ex);
        }
    }
}
