using DailyPapers.Collect.Http;
using DailyPapers.Papers;

namespace DailyPapers.Collect;

/// <summary>A source in a combined day, with the label its entries carry when the source gives them none (e.g. "Hugging Face").</summary>
public sealed record LabelledSource(IDaySource Source, string Label);

/// <summary>
/// One day from several sources (Hugging Face trending and arXiv listings): every source is asked, entries are
/// kept once per arXiv id in source order (the first source's fields and votes win), and each entry keeps where it
/// came from: its own origin or its source's label, joined when several sources list it ("Hugging Face, arXiv
/// cs.CL"). A source without the day adds nothing; an unavailable one is reported as a problem of the day while the
/// others go on; when no source has the day, neither does the combination.
/// </summary>
public sealed class CombinedDaySource(IReadOnlyList<LabelledSource> parts) : IDaySource
{
    /// <inheritdoc />
    public string Name => string.Join(" + ", parts.Select(p => p.Source.Name));

    /// <inheritdoc />
    public async Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        var misses = new List<string>();
        var unavailable = new List<string>();
        var problems = new List<FeedProblem>();
        var merged = new Dictionary<string, DailyEntry>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var part in parts)
        {
            DayFeed day;
            try
            {
                day = await part.Source.GetDayAsync(date, cancellationToken).ConfigureAwait(false);
            }
            catch (DayNotFoundException ex)
            {
                misses.Add(ex.Message);
                continue;
            }
            catch (SourceUnavailableException ex)
            {
                unavailable.Add(ex.Message);
                problems.Add(new FeedProblem(part.Label, null, $"unavailable: {ex.Message}"));
                continue;
            }
            problems.AddRange(day.Problems);
            foreach (var entry in day.Entries.OrderBy(e => e.FeedOrder))
            {
                var origin = entry.Origin ?? part.Label;
                if (merged.TryGetValue(entry.Paper.ArxivId, out var seen))
                {
                    if (!seen.Origin!.Split(", ").Contains(origin, StringComparer.Ordinal))
                        merged[entry.Paper.ArxivId] = seen with { Origin = $"{seen.Origin}, {origin}", AnnounceType = seen.AnnounceType ?? entry.AnnounceType };
                    continue;
                }
                merged[entry.Paper.ArxivId] = entry with { Origin = origin };
                order.Add(entry.Paper.ArxivId);
            }
        }
        if (merged.Count == 0 && unavailable.Count == parts.Count)
            throw new SourceUnavailableException($"{Name}: {string.Join("; ", unavailable)}");
        if (merged.Count == 0 && problems.Count == 0)
            throw new DayNotFoundException(string.Join("; ", misses.Concat(unavailable)));
        return new DayFeed(date, [.. order.Select((id, i) => merged[id] with { FeedOrder = i })], problems);
    }

    /// <inheritdoc />
    public async Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken)
    {
        DateOnly? latest = null;
        foreach (var part in parts)
            if (await part.Source.LatestDateAsync(cancellationToken).ConfigureAwait(false) is { } d && (latest is null || d > latest))
                latest = d;
        return latest;
    }
}
