using DailyPapers.Papers;

namespace DailyPapers.Collect;

/// <summary>Where a day's feed comes from: a file, a folder, the bundled sample, the live API.</summary>
public interface IDaySource
{
    /// <summary>A short name for messages, e.g. the path or URL.</summary>
    string Name { get; }

    /// <summary>Reads the day; throws <see cref="DayNotFoundException"/> when the source has no such day.</summary>
    Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken);

    /// <summary>The newest day the source holds, or null when it cannot tell (a live API).</summary>
    Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken);
}

/// <summary>Service keys of registered sources.</summary>
public static class DaySources
{
    /// <summary>The live source <c>fetch</c> reads by default (the Hugging Face API); another live source registers under this key.</summary>
    public const string Live = "live";
}

/// <summary>The source has no entry for the requested day.</summary>
public sealed class DayNotFoundException(string message) : Exception(message);

/// <summary>The source exists but is not readable as a feed (bad path, malformed file).</summary>
public sealed class SourceException(string message, Exception? inner = null) : Exception(message, inner);
