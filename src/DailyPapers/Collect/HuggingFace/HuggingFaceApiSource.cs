using System.Globalization;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Collect.HuggingFace;

/// <summary>
/// The live Daily Papers API: <c>GET {BaseUrl}/api/daily_papers?date=YYYY-MM-DD</c> (or <c>week=</c>, <c>month=</c>,
/// <c>sort=trending</c> and paging, as <see cref="HuggingFaceOptions"/> say). The date is sent as the calendar
/// date asked for (never converted through a time zone). A day with no papers throws <see cref="DayNotFoundException"/>
/// saying so; an unreachable or failing API throws <see cref="SourceUnavailableException"/>.
/// </summary>
public sealed class HuggingFaceApiSource(IHttpClientFactory http, IOptions<HuggingFaceOptions> options) : IDaySource
{
    /// <inheritdoc />
    public string Name => $"{options.Value.BaseUrl.TrimEnd('/')}/api/daily_papers";

    /// <summary>
    /// The request URL for a day's page <paramref name="page"/> (0-based): <c>date=</c>, <c>week=</c> or <c>month=</c>
    /// as <see cref="HuggingFaceOptions.Period"/> says, then <c>sort=</c>, and <c>p=</c>/<c>limit=</c> when a limit is set.
    /// </summary>
    public Uri UrlFor(DateOnly date, int page = 0)
    {
        var o = options.Value;
        var baseUrl = o.BaseUrl.TrimEnd('/');
        var text = $"{baseUrl}/api/daily_papers?{PeriodQuery(o.Period, date)}";
        if (o.Sort.Length > 0) text += $"&sort={Uri.EscapeDataString(o.Sort)}";
        if (o.Limit > 0) text += string.Create(CultureInfo.InvariantCulture, $"&p={page}&limit={o.Limit}");
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException("DailyPapers:HuggingFace:BaseUrl is not an absolute http(s) URL"); // never echoed: it may be a pasted secret
    }

    // The calendar date asked, never converted through a time zone; a week is the ISO week holding it.
    private static string PeriodQuery(string period, DateOnly date) => period switch
    {
        "week" => string.Create(CultureInfo.InvariantCulture, $"week={ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue)):00}"),
        "month" => $"month={date.ToString("yyyy-MM", CultureInfo.InvariantCulture)}",
        _ => $"date={date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
    };

    /// <inheritdoc />
    /// <remarks>
    /// With a limit set, pages are asked in turn until one comes back shorter than the limit or
    /// <see cref="HuggingFaceOptions.Pages"/> have been read; a paper on two pages (the order moved between
    /// requests) is kept once, at its first place. A later page that cannot be had is a problem of the day; the
    /// pages before it are kept.
    /// </remarks>
    public async Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!o.Enabled)
            throw new SourceUnavailableException($"{Name}: the live API is turned off (DailyPapers:HuggingFace:Enabled=false)");
        var pages = o.Limit > 0 ? o.Pages : 1;
        var entries = new List<DailyEntry>();
        var problems = new List<FeedProblem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Uri url = UrlFor(date);
        for (var page = 0; page < pages; page++)
        {
            url = UrlFor(date, page);
            byte[] body;
            try
            {
                body = await SourceHttp.GetBodyAsync(http.CreateClient(HttpRegistration.HuggingFace), url, "the API has no such day", cancellationToken).ConfigureAwait(false);
            }
            catch (SourceUnavailableException ex) when (page > 0)
            {
                // A later page failing keeps the pages already read; the day is reported as incomplete.
                problems.Add(new FeedProblem(url.ToString(), null, $"page {page} unavailable, the {entries.Count} papers before it are kept ({ex.Message})"));
                break;
            }
            var day = HuggingFaceFeedParser.Parse(body, url.ToString(), date);
            problems.AddRange(day.Problems);
            foreach (var entry in day.Entries)
                if (seen.Add(entry.Paper.ArxivId)) entries.Add(entry with { FeedOrder = entries.Count });
            if (day.Entries.Count + day.Problems.Count < o.Limit) break;
        }
        if (entries.Count == 0 && problems.Count == 0)
            throw new DayNotFoundException($"no papers that day: {url} lists none for {date:yyyy-MM-dd} (weekends and holidays have none)");
        return new DayFeed(date, entries, problems);
    }

    /// <inheritdoc />
    public Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) => Task.FromResult<DateOnly?>(null);
}
