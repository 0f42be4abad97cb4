using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web.Site;

/// <summary>A stored day as the site shows it: ranked entries, each with its summary in the chosen language.</summary>
public sealed record DayView(DateOnly Date, string? Language, IReadOnlyList<string> Languages, IReadOnlyList<DayItem> Items, DateOnly? Previous, DateOnly? Next);

/// <summary>One paper of a day: the entry, its summary (in the day's language, else another one, else null) and why the day's language is missing.</summary>
public sealed record DayItem(DailyEntry Entry, Summary? Summary, string? MissingReason);

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

    /// <summary>The day, or null when it is not stored. <paramref name="language"/> null picks the preferred one; an unknown one yields a view whose items have no summary.</summary>
    public async Task<DayView?> GetDayAsync(DateOnly date, string? language, CancellationToken cancellationToken)
    {
        var day = await store.GetDayAsync(date, cancellationToken).ConfigureAwait(false);
        if (day is null) return null;
        var summaries = await search.GetDaySummariesAsync(date, cancellationToken).ConfigureAwait(false);
        var languages = OrderLanguages(summaries.Values.SelectMany(s => s).Select(s => s.Language));
        // A requested language is spelled as the store spells it ("KO" -> "ko"), so every spelling renders alike.
        var chosen = language is null ? (languages.Count > 0 ? languages[0] : null) : languages.FirstOrDefault(l => SameLanguage(l, language)) ?? language;
        var run = await store.GetLatestRunAsync(date, cancellationToken).ConfigureAwait(false);
        var items = day.Ranked.Select(e =>
        {
            var all = summaries.GetValueOrDefault(e.Paper.ArxivId) ?? [];
            var summary = all.FirstOrDefault(s => SameLanguage(s.Language, chosen));
            // A summary the latest run dropped (strict verification) stays in the store for audit but is not published.
            if (run?.Outcomes.FirstOrDefault(o => o.ArxivId == e.Paper.ArxivId && o.Status == PaperStatus.Failed && SameLanguage(o.Language, chosen)) is { } dropped)
                return new DayItem(e, null, dropped.Reason);
            if (summary is not null) return new DayItem(e, summary, null);
            var reason = run?.Outcomes.FirstOrDefault(o => o.ArxivId == e.Paper.ArxivId && o.Status == PaperStatus.Failed)?.Reason
                ?? (chosen is null ? "not summarized yet" : $"no summary in '{chosen}'");
            // A paper without a summary in the chosen language shows one in another language rather than nothing.
            var fallback = all.OrderBy(s => languages.FindIndex(l => SameLanguage(l, s.Language))).FirstOrDefault();
            return new DayItem(e, fallback, reason);
        }).ToList();
        var dates = await store.GetDatesAsync(cancellationToken).ConfigureAwait(false);
        var previous = dates.Where(d => d < date).Select(d => (DateOnly?)d).LastOrDefault();
        var next = dates.Where(d => d > date).Select(d => (DateOnly?)d).FirstOrDefault();
        return new DayView(date, chosen, languages, items, previous, next);
    }

    /// <summary>The latest <paramref name="count"/> stored days, newest first.</summary>
    public async Task<IReadOnlyList<DayView>> GetLatestDaysAsync(int count, string? language, CancellationToken cancellationToken)
    {
        var dates = await store.GetDatesAsync(cancellationToken).ConfigureAwait(false);
        var views = new List<DayView>();
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
        var order = OrderLanguages(all.Select(s => s.Language));
        var newestPerLanguage = all.GroupBy(s => s.Language, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First()).OrderBy(s => IndexOf(order, s.Language)).ToList();
        var days = await search.GetAppearancesAsync(arxivId, cancellationToken).ConfigureAwait(false);
        return new PaperView(paper, newestPerLanguage, days);
    }

    /// <summary>Languages in the configured order first (e.g. ko), then the others alphabetically.</summary>
    private List<string> OrderLanguages(IEnumerable<string> languages)
    {
        var preferred = DigestOptions.ParseLanguages(digest.Value.Language);
        return [.. languages.Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(l => IndexOf(preferred, l) is var i && i < 0 ? int.MaxValue : i)
            .ThenBy(l => l, StringComparer.OrdinalIgnoreCase)];
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
            if (SameLanguage(list[i], value)) return i;
        return -1;
    }

    private static bool SameLanguage(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
