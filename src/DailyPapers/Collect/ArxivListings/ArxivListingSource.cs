using System.Net;
using DailyPapers.Collect.Arxiv;
using DailyPapers.Collect.Http;
using DailyPapers.Papers;
using Microsoft.Extensions.Options;

namespace DailyPapers.Collect.ArxivListings;

/// <summary>
/// arXiv's daily listings of the configured categories as a day source. The newest announcement is read from each
/// category's RSS feed; older days (and a day the feed has moved past or not reached) from the API, searching the
/// category in the day's submission window sorted by submission date, page by page. A paper listed in several
/// categories is kept once (a new listing wins over a cross-list); replacements are left out unless asked for. A
/// category that is unknown, unreadable or unavailable is reported by name and the other categories go on. All requests
/// go through the "arxiv" client, so they keep arXiv's 3 s spacing and the usual retries.
/// </summary>
public sealed class ArxivListingSource(IHttpClientFactory http, ArxivClient api, IOptions<ArxivListingOptions> options, TimeProvider time) : IDaySource
{
    private readonly AnnouncementCalendar _calendar = new(options.Value.HolidaySet);

    /// <inheritdoc />
    public string Name => $"arXiv listings ({string.Join(", ", options.Value.CategoryList)})";

    /// <summary>The announcement calendar in use (holidays from the options).</summary>
    public AnnouncementCalendar Calendar => _calendar;

    /// <inheritdoc />
    public async Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (_calendar.NoAnnouncementReason(date) is { } reason)
            throw new DayNotFoundException(reason);
        var latest = _calendar.LatestAnnounced(time.GetUtcNow());
        if (date > latest)
            throw new DayNotFoundException($"arXiv has not announced {date:yyyy-MM-dd} yet (announcements are at 20:00 US Eastern; the newest is {latest:yyyy-MM-dd})");

        var problems = new List<FeedProblem>();
        var unavailable = new List<string>();
        var listed = new List<(RssItem? Rss, ArxivEntry? Api, string Category)>();
        var categories = options.Value.CategoryList;
        var asked = 0;
        var noAnnouncement = 0;
        foreach (var category in categories)
        {
            if (ArxivCategories.Problem(category) is { } bad)
            {
                problems.Add(new FeedProblem("DailyPapers:Sources:Arxiv:Categories", null, bad));
                continue;
            }
            asked++;
            try
            {
                var fromFeed = date == latest ? await ReadFeedAsync(category, date, problems, cancellationToken).ConfigureAwait(false) : null;
                if (fromFeed is { Count: 0 })
                {
                    noAnnouncement++;
                    continue;
                }
                if (fromFeed is not null)
                {
                    listed.AddRange(fromFeed.Select(i => ((RssItem?)i, (ArxivEntry?)null, category)));
                    continue;
                }
                var (from, to) = _calendar.SubmissionWindow(date);
                var found = await api.SearchWindowAsync(category, from, to, Math.Max(1, options.Value.MaxPerCategory), cancellationToken).ConfigureAwait(false);
                if (found.Count == 0) noAnnouncement++;
                listed.AddRange(found.Select(e => ((RssItem?)null, (ArxivEntry?)e, category)));
            }
            catch (SourceUnavailableException ex)
            {
                unavailable.Add($"{category}: {ex.Message}");
                problems.Add(new FeedProblem($"arXiv {category}", null, $"unavailable: {ex.Message}"));
            }
            catch (Exception ex) when (ex is ListingException or ArxivApiException or UnknownCategoryException)
            {
                problems.Add(new FeedProblem($"arXiv {category}", null, ex.Message));
            }
        }

        if (asked > 0 && unavailable.Count == asked)
            throw new SourceUnavailableException($"{Name}: {string.Join("; ", unavailable)}");
        var entries = Merge(date, listed);
        if (entries.Count == 0 && problems.Count == 0)
            throw new DayNotFoundException(noAnnouncement > 0
                ? $"{Name}: no announcement on {date:yyyy-MM-dd} (an empty listing: a holiday or a day without new papers)"
                : $"{Name}: no papers on {date:yyyy-MM-dd}");
        return new DayFeed(date, entries, problems);
    }

    /// <inheritdoc />
    public Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) =>
        Task.FromResult<DateOnly?>(_calendar.LatestAnnounced(time.GetUtcNow()));

    /// <summary>The RSS feed URL of a category.</summary>
    public Uri FeedUrl(string category)
    {
        var text = $"{options.Value.RssUrl.TrimEnd('/')}/{Uri.EscapeDataString(category)}";
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException("DailyPapers:Sources:Arxiv:RssUrl is not an absolute http(s) URL");
    }

    // The items of the category's feed when it is the listing of `date`; empty when it is that day's empty listing;
    // null when the feed is dated another day (it has moved on or not caught up), so the API answers instead.
    private async Task<IReadOnlyList<RssItem>?> ReadFeedAsync(string category, DateOnly date, List<FeedProblem> problems, CancellationToken ct)
    {
        var url = FeedUrl(category);
        RssListing listing;
        try
        {
            using var response = await http.CreateClient(HttpRegistration.Arxiv).GetAsync(url, ct).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw new UnknownCategoryException($"{url}: HTTP 404, arXiv has no feed for '{category}'");
            if (!response.IsSuccessStatusCode)
                throw new SourceUnavailableException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            listing = ArxivRssParser.Parse(body, $"arXiv RSS {category}");
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException or IOException
                                   || ex is TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new SourceUnavailableException($"{url}: {HttpFailure.Describe(ex)}", ex);
        }
        if (listing.PubDate is not { } pub)
            throw new ListingException($"{url}: the feed has no readable channel pubDate, so its day is unknown");
        if (AnnouncementCalendar.AnnouncementOfFeed(pub) != date)
            return null;
        problems.AddRange(listing.Problems);
        return [.. listing.Items.Where(i => options.Value.IncludeReplacements || !i.IsReplacement)];
    }

    // One entry per paper, in listing order; a paper listed as new in one category and cross-listed in another is
    // kept as new, under the category that listed it as new.
    private static List<DailyEntry> Merge(DateOnly date, List<(RssItem? Rss, ArxivEntry? Api, string Category)> listed)
    {
        var chosen = new Dictionary<string, (int Order, DailyEntry Entry)>(StringComparer.Ordinal);
        var order = 0;
        foreach (var (rss, api, category) in listed)
        {
            var entry = rss is not null ? FromRss(date, rss, category) : FromApi(date, api!, category);
            if (chosen.TryGetValue(entry.Paper.ArxivId, out var seen))
            {
                if (seen.Entry.IsCrossList && !entry.IsCrossList) chosen[entry.Paper.ArxivId] = (seen.Order, entry);
                continue;
            }
            chosen[entry.Paper.ArxivId] = (order++, entry);
        }
        return [.. chosen.Values.OrderBy(c => c.Order).Select((c, i) => c.Entry with { FeedOrder = i })];
    }

    private static DailyEntry FromRss(DateOnly date, RssItem item, string category) => new()
    {
        Date = date,
        Origin = $"arXiv {category}",
        AnnounceType = item.AnnounceType,
        Paper = new Paper
        {
            ArxivId = item.Id.Id,
            Version = item.Id.Version,
            Title = item.Title,
            Authors = item.Authors,
            Abstract = item.Abstract,
        },
    };

    private static DailyEntry FromApi(DateOnly date, ArxivEntry entry, string category) => new()
    {
        Date = date,
        Origin = $"arXiv {category}",
        // The API does not say how a paper was listed: a paper whose primary category is outside the one searched is a cross-list.
        AnnounceType = entry.Categories.Count > 0 && !InCategory(entry.Categories[0], category) ? "cross" : "new",
        PostedAt = null,
        Paper = new Paper
        {
            ArxivId = entry.Id.Id,
            Version = entry.Id.Version,
            Title = entry.Title,
            Authors = entry.Authors,
            Abstract = entry.Summary,
            PublishedAt = entry.Published,
            Arxiv = entry.ToMetadata(),
        },
    };

    // cs.CL is in cs.CL; an archive (cs) holds its categories (cs.CL).
    private static bool InCategory(string primary, string category) =>
        string.Equals(primary, category, StringComparison.Ordinal) || primary.StartsWith(category + ".", StringComparison.Ordinal);

    /// <summary>arXiv has no listing for the category.</summary>
    private sealed class UnknownCategoryException(string message) : Exception(message);
}
