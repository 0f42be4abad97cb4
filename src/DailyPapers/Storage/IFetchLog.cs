using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>Where the outcome of each <c>fetch</c> of a day is kept: what was stored and every per-paper failure with its reason.</summary>
public interface IFetchLog
{
    /// <summary>Records a fetch.</summary>
    Task SaveFetchAsync(FetchReport report, CancellationToken cancellationToken);

    /// <summary>The latest fetch of a date, or null.</summary>
    Task<FetchReport?> GetLatestFetchAsync(DateOnly date, CancellationToken cancellationToken);
}
