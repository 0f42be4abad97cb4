using System.Globalization;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Collect.Biorxiv;

/// <summary>
/// A day of bioRxiv or medRxiv: <c>GET {ApiUrl}/details/{server}/{date}/{date}/{cursor}</c>, 100 papers a page (the
/// cursor moves by the page's <c>count</c>), read until the <c>messages</c> block's total (or <see cref="BiorxivOptions.MaxPapers"/>); papers are kept by DOI (the
/// newest version once) and filtered to the configured categories. An unknown category, a page whose <c>messages</c>
/// is not <c>ok</c> and an unreadable record are problems of the day, named; the rest goes on.
/// </summary>
public sealed class BiorxivSource(IHttpClientFactory http, IOptions<BiorxivOptions> options) : IDaySource
{
    /// <summary>The named HTTP client (the collectors' resilience pipeline).</summary>
    public const string Client = "biorxiv";

    /// <inheritdoc />
    public string Name => $"{options.Value.ApiUrl.TrimEnd('/')}/details/{options.Value.Server}";

    /// <summary>The label of the server in origins: bioRxiv or medRxiv.</summary>
    public string Label => options.Value.Server == "medrxiv" ? "medRxiv" : "bioRxiv";

    /// <summary>The request URL of a day's page starting at <paramref name="cursor"/>.</summary>
    public Uri UrlFor(DateOnly date, int cursor)
    {
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{Name}/{day}/{day}/{cursor}"));
    }

    /// <inheritdoc />
    public async Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var known = BiorxivCategories.Of(o.Server);
        var problems = new List<FeedProblem>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var category in o.CategoryList)
        {
            if (known.Contains(category)) wanted.Add(category);
            else problems.Add(new FeedProblem(Name, null, $"unknown {Label} category '{category}' (not one of its subject areas); the other categories go on"));
        }
        if (o.CategoryList.Count > 0 && wanted.Count == 0)
            return new DayFeed(date, [], problems); // every category unknown: nothing to ask for

        var papers = new Dictionary<string, (Paper Paper, string Category, int Order)>(StringComparer.Ordinal);
        var order = 0;
        var read = 0;
        var emptyDay = false;
        for (var cursor = 0; read < o.MaxPapers;)
        {
            var url = UrlFor(date, cursor);
            BiorxivPage page;
            try
            {
                page = BiorxivParser.Parse(await SourceHttp.GetBodyAsync(http.CreateClient(Client), url, null, cancellationToken).ConfigureAwait(false), url.ToString(), cursor);
            }
            catch (SourceUnavailableException) when (cursor == 0)
            {
                throw;
            }
            catch (SourceUnavailableException ex)
            {
                problems.Add(new FeedProblem(url.ToString(), null, $"page at cursor {cursor} unavailable, the {read} papers before it are kept ({ex.Message})"));
                break;
            }
            problems.AddRange(page.Problems);
            if (page.IsEmpty && cursor == 0) { emptyDay = true; break; }
            if (!page.IsOk)
            {
                if (page.Problems.Count == 0)
                    problems.Add(new FeedProblem(url.ToString(), null, $"{Label} says '{page.Status}' in its messages; the {read} papers before this page are kept"));
                break;
            }
            foreach (var record in page.Records)
            {
                read++;
                if (wanted.Count > 0 && !wanted.Contains(BiorxivCategories.Normalize(record.Category))) continue;
                var id = record.Paper.ArxivId;
                if (papers.TryGetValue(id, out var kept))
                {
                    if ((record.Paper.Version ?? 0) > (kept.Paper.Version ?? 0)) papers[id] = (record.Paper, record.Category, kept.Order);
                }
                else
                {
                    papers[id] = (record.Paper, record.Category, order++);
                }
            }
            // The next page starts after this one: messages' count (100 on a full page), as the API pages.
            var step = page.Count > 0 ? page.Count : page.Records.Count + page.Problems.Count;
            if (step == 0 || cursor + step >= page.Total) break;
            cursor += step;
        }
        if (papers.Count == 0 && problems.Count == 0)
            throw new DayNotFoundException(emptyDay
                ? $"no papers that day: {Label} posted none on {date:yyyy-MM-dd}"
                : $"no papers that day: {Label} posted none in {string.Join(", ", wanted)} on {date:yyyy-MM-dd}");
        var entries = papers.Values.OrderBy(p => p.Order).Select((p, i) => new DailyEntry
        {
            Date = date,
            FeedOrder = i,
            Paper = p.Paper,
            Origin = p.Category.Length > 0 ? $"{Label} {p.Category}" : Label,
        }).ToList();
        return new DayFeed(date, entries, problems);
    }

    /// <inheritdoc />
    public Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) => Task.FromResult<DateOnly?>(null);
}
