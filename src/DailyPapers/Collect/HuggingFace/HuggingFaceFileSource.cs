using System.Globalization;
using DailyPapers.Papers;

namespace DailyPapers.Collect.HuggingFace;

/// <summary>Reads saved API responses: one <c>YYYY-MM-DD.json</c> file, or a folder of them.</summary>
public sealed class HuggingFaceFileSource : IDaySource
{
    private readonly string _path;
    private readonly bool _isFolder;

    /// <summary>Opens a file or folder; throws <see cref="SourceException"/> when neither exists.</summary>
    public HuggingFaceFileSource(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        _isFolder = Directory.Exists(_path);
        if (!_isFolder && !File.Exists(_path))
            throw new SourceException($"source '{path}' does not exist (expected a YYYY-MM-DD.json file or a folder of them)");
    }

    /// <inheritdoc />
    public string Name => _path;

    /// <summary>The date a file name stands for, e.g. <c>2024-08-15.json</c>.</summary>
    public static DateOnly? DateFromFileName(string path) =>
        DateOnly.TryParseExact(Path.GetFileNameWithoutExtension(path), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>Every day the folder (or file) holds, oldest first.</summary>
    public IReadOnlyList<DateOnly> Dates() =>
        _isFolder
            ? [.. Directory.EnumerateFiles(_path, "*.json").Select(DateFromFileName).OfType<DateOnly>().Order()]
            : DateFromFileName(_path) is { } d ? [d] : [];

    /// <inheritdoc />
    public async Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        string file;
        if (_isFolder)
        {
            file = Path.Combine(_path, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ".json");
            if (!File.Exists(file))
                throw new DayNotFoundException($"{date:yyyy-MM-dd} is not in '{_path}' (no file {Path.GetFileName(file)})");
        }
        else
        {
            file = _path;
            if (DateFromFileName(file) is { } named && named != date)
                throw new DayNotFoundException($"'{file}' holds {named:yyyy-MM-dd}, not {date:yyyy-MM-dd}");
        }
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new SourceException($"cannot read '{file}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new SourceException($"cannot read '{file}': {ex.Message}", ex);
        }
        return HuggingFaceFeedParser.Parse(bytes, file, date);
    }

    /// <summary>
    /// The newest day that has at least one readable paper, and the problems of the newer files passed over (a
    /// malformed newest file is named, not fatal).
    /// </summary>
    public async Task<(DateOnly? Date, IReadOnlyList<FeedProblem> Skipped)> LatestReadableDateAsync(CancellationToken cancellationToken)
    {
        var skipped = new List<FeedProblem>();
        foreach (var date in Dates().Reverse())
        {
            var feed = await GetDayAsync(date, cancellationToken).ConfigureAwait(false);
            if (feed.Entries.Count > 0) return (date, skipped);
            skipped.AddRange(feed.Problems.Count > 0 ? feed.Problems : [new FeedProblem(Name, null, $"{date:yyyy-MM-dd} holds no papers")]);
        }
        return (null, skipped);
    }

    /// <inheritdoc />
    public Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken)
    {
        var dates = Dates();
        return Task.FromResult<DateOnly?>(dates.Count > 0 ? dates[^1] : null);
    }
}
