using DailyPapers.Collect.HuggingFace;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Verify.Audit;

/// <summary>Papers from saved Hugging Face API responses: one file, or a folder read date by date (the digest's dates first).</summary>
public sealed class HuggingFaceAuditSource(string path) : IAuditSource
{
    private readonly HuggingFaceFileSource _files = new(path);
    private readonly Dictionary<string, Paper> _papers = new(StringComparer.Ordinal);
    private readonly HashSet<DateOnly> _loaded = [];
    private readonly List<FeedProblem> _problems = [];

    /// <summary>Records of the files read so far that could not be read.</summary>
    public IReadOnlyList<FeedProblem> Problems => _problems;

    /// <inheritdoc />
    public async Task<(Paper Paper, FullText? FullText)?> FindAsync(string arxivId, DateOnly? date, CancellationToken cancellationToken)
    {
        var dates = _files.Dates();
        if (dates.Count == 0 && !Directory.Exists(_files.Name) && _loaded.Add(default))
            await LoadAsync(default, cancellationToken).ConfigureAwait(false);
        IEnumerable<DateOnly> order = date is { } d && dates.Contains(d) ? [d, .. dates.Where(x => x != d)] : dates;
        foreach (var day in order)
        {
            if (_papers.TryGetValue(arxivId, out var hit)) return (hit, null);
            if (_loaded.Add(day)) await LoadAsync(day, cancellationToken).ConfigureAwait(false);
        }
        return _papers.TryGetValue(arxivId, out var paper) ? (paper, null) : null;
    }

    private async Task LoadAsync(DateOnly day, CancellationToken ct)
    {
        DayFeed feed;
        if (day == default)
        {
            var bytes = await File.ReadAllBytesAsync(_files.Name, ct).ConfigureAwait(false);
            feed = HuggingFaceFeedParser.Parse(bytes, _files.Name, day);
        }
        else
        {
            feed = await _files.GetDayAsync(day, ct).ConfigureAwait(false);
        }
        _problems.AddRange(feed.Problems);
        foreach (var entry in feed.Entries)
            _papers.TryAdd(entry.Paper.ArxivId, entry.Paper);
    }
}

/// <summary>Papers and their full text from the store.</summary>
public sealed class StoreAuditSource(IPaperStore store) : IAuditSource
{
    /// <inheritdoc />
    public async Task<(Paper Paper, FullText? FullText)?> FindAsync(string arxivId, DateOnly? date, CancellationToken cancellationToken)
    {
        if (await store.GetPaperAsync(arxivId, cancellationToken).ConfigureAwait(false) is not { } paper) return null;
        return (paper, await store.GetFullTextAsync(arxivId, cancellationToken).ConfigureAwait(false));
    }
}
