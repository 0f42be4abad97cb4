using DailyPapers.Papers;

namespace DailyPapers.Publish;

/// <summary>
/// Builds a <see cref="PublishedDay"/> from what the store holds. The publishing rules live here, once:
/// a summary the latest run dropped (strict verification) stays stored for audit but is not published;
/// a paper with no summary in the chosen language shows one in another language (never a dropped one), saying why.
/// </summary>
public static class PublishedDayBuilder
{
    /// <summary>
    /// The day in <paramref name="language"/> (null: the first of <paramref name="preferred"/> the day has, else the first it has).
    /// </summary>
    /// <param name="day">The stored day.</param>
    /// <param name="summaries">The day's stored summaries by arXiv id, newest first.</param>
    /// <param name="latestRun">The latest run of the day, whose failed outcomes say which summaries were dropped.</param>
    /// <param name="language">The language asked for; an unknown one yields items with no summary in it.</param>
    /// <param name="preferred">The configured languages, in order.</param>
    /// <param name="dates">Every stored date, oldest first (for the previous and next day).</param>
    public static PublishedDay Build(DayFeed day, IReadOnlyDictionary<string, IReadOnlyList<Summary>> summaries, RunReport? latestRun,
        string? language, IReadOnlyList<string> preferred, IReadOnlyList<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(preferred);
        ArgumentNullException.ThrowIfNull(dates);
        var languages = OrderLanguages(summaries.Values.SelectMany(s => s).Select(s => s.Language), preferred);
        // A requested language is spelled as the store spells it ("KO" -> "ko"), so every spelling renders alike.
        var chosen = language is null ? (languages.Count > 0 ? languages[0] : null) : languages.FirstOrDefault(l => Same(l, language)) ?? language;
        var items = day.Ranked.Select(e => Item(e, summaries.GetValueOrDefault(e.Paper.ArxivId) ?? [], latestRun, chosen, languages)).ToList();
        var previous = dates.Where(d => d < day.Date).Select(d => (DateOnly?)d).LastOrDefault();
        var next = dates.Where(d => d > day.Date).Select(d => (DateOnly?)d).FirstOrDefault();
        return new PublishedDay(day.Date, chosen, languages, items, previous, next);
    }

    private static PublishedItem Item(DailyEntry entry, IReadOnlyList<Summary> all, RunReport? run, string? chosen, IReadOnlyList<string> languages)
    {
        var id = entry.Paper.ArxivId;
        if (run?.Outcomes.FirstOrDefault(o => o.ArxivId == id && o.Status == PaperStatus.Failed && Same(o.Language, chosen)) is { } dropped)
            return new PublishedItem(entry, null, dropped.Reason);
        if (all.FirstOrDefault(s => Same(s.Language, chosen)) is { } summary)
            return new PublishedItem(entry, summary, null);
        var reason = run?.Outcomes.FirstOrDefault(o => o.ArxivId == id && o.Status == PaperStatus.Failed)?.Reason
            ?? (chosen is null ? "not summarized yet" : $"no summary in '{chosen}'");
        // The fallback is never a summary the latest run dropped in its own language.
        var fallback = all.Where(s => run?.Outcomes.Any(o => o.ArxivId == id && o.Status == PaperStatus.Failed && Same(o.Language, s.Language)) != true)
            .OrderBy(s => IndexOf(languages, s.Language)).FirstOrDefault();
        return new PublishedItem(entry, fallback, reason);
    }

    /// <summary>Languages in the configured order first (e.g. ko), then the others alphabetically.</summary>
    public static IReadOnlyList<string> OrderLanguages(IEnumerable<string> languages, IReadOnlyList<string> preferred)
    {
        ArgumentNullException.ThrowIfNull(languages);
        ArgumentNullException.ThrowIfNull(preferred);
        return [.. languages.Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(l => IndexOf(preferred, l) is var i && i < 0 ? int.MaxValue : i)
            .ThenBy(l => l, StringComparer.OrdinalIgnoreCase)];
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
            if (Same(list[i], value)) return i;
        return -1;
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
