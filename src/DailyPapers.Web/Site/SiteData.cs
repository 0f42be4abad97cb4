using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Publish;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Site;

/// <summary>A paper with every summary (newest per language) and the days it was featured.</summary>
public sealed record PaperView(Paper Paper, IReadOnlyList<Summary> Summaries, IReadOnlyList<DateOnly> Days);

/// <summary>Reads what the pages, feeds and API show from the store.</summary>
public sealed class SiteData(IPaperStore store, IPaperSearch search, IOptions<DigestOptions> digest)
{
    /// <summary>The newest stored day, or null when the store is empty.</summary>
    public async Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken)
    {
        var dates = await store.GetDatesAsync(cancellationToken).ConfigureAwait(false);
        return dates.Count == 0 ? null : dates[^1];
    }

    /// <summary>The day, or null when it is not stored. <paramref name="language"/> null picks the preferred one; an unknown one yields a day whose items have no summary.</summary>
    public async Task<PublishedDay?> GetDayAsync(DateOnly date, string? language, CancellationToken cancellationToken)
    {
        var day = await store.GetDayAsync(date, cancellationToken).ConfigureAwait(false);
        if (day is null) return null;
        var summaries = await search.GetDaySummariesAsync(date, cancellationToken).ConfigureAwait(false);
        var run = await store.GetLatestRunAsync(date, cancellationToken).ConfigureAwait(false);
        var dates = await store.GetDatesAsync(cancellationToken).ConfigureAwait(false);
        return PublishedDayBuilder.Build(day, summaries, run, language, Preferred, dates);
    }

    /// <summary>The latest <paramref name="count"/> stored days, newest first.</summary>
    public async Task<IReadOnlyList<PublishedDay>> GetLatestDaysAsync(int count, string? language, CancellationToken cancellationToken)
    {
        var dates = await store.GetDatesAsync(cancellationToken).ConfigureAwait(false);
        var views = new List<PublishedDay>();
        foreach (var date in dates.Reverse().Take(Math.Max(1, count)))
            if (await GetDayAsync(date, language, cancellationToken).ConfigureAwait(false) is { } view) views.Add(view);
        return views;
    }

    /// <summary>The paper page's data, or null when the paper is not stored.</summary>
    public async Task<PaperView?> GetPaperAsync(string arxivId, CancellationToken cancellationToken)
    {
        var paper = await store.GetPaperAsync(arxivId, cancellationToken).ConfigureAwait(false);
        if (paper is null) return null;
        var all = await store.GetSummariesAsync(arxivId, cancellationToken).ConfigureAwait(false);
        var order = PublishedDayBuilder.OrderLanguages(all.Select(s => s.Language), Preferred);
        var newestPerLanguage = all.GroupBy(s => s.Language, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First()).OrderBy(s => IndexOf(order, s.Language)).ToList();
        var days = await search.GetAppearancesAsync(arxivId, cancellationToken).ConfigureAwait(false);
        return new PaperView(PublishedText.Clean(paper), [.. newestPerLanguage.Select(s => PublishedText.Clean(s)!)], days);
    }

    private IReadOnlyList<string> Preferred => DigestOptions.ParseLanguages(digest.Value.Language);

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
            if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
