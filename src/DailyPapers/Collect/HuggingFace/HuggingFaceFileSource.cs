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

    /// <summary>Files of the folder that are not day files (not named YYYY-MM-DD.json): never read, so worth naming.</summary>
    public IReadOnlyList<string> OtherFiles() =>
        _isFolder
            ? [.. Directory.EnumerateFiles(_path).Where(f => DateFromFileName(f) is null || !f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)]
            : [];

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
        try
        {
            // A top-level array (every capture) is read record by record; anything else (a {"data": [...]} wrapper) whole.
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            if (await StartsWithArrayAsync(stream, cancellationToken).ConfigureAwait(false))
                return await HuggingFaceFeedParser.ParseArrayAsync(stream, file, date, cancellationToken).ConfigureAwait(false);
            using var whole = new MemoryStream();
            await stream.CopyToAsync(whole, cancellationToken).ConfigureAwait(false);
            return HuggingFaceFeedParser.Parse(whole.GetBuffer().AsSpan(0, (int)whole.Length), file, date);
        }
        catch (IOException ex)
        {
            throw new SourceException($"cannot read '{file}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new SourceException($"cannot read '{file}': {ex.Message}", ex);
        }
    }

    // Whether the first byte after a byte-order mark and white space is '['; the stream is left at its start.
    private static async Task<bool> StartsWithArrayAsync(FileStream stream, CancellationToken cancellationToken)
    {
        var head = new byte[256];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        stream.Position = 0;
        var i = read >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
        while (i < read && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
        return i < read && head[i] == (byte)'[';
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
