using DailyPapers.Collect;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Pipeline;

/// <summary>A day source that serves one given day: runner tests hand it their day instead of a capture folder.</summary>
internal sealed class OneDaySource(DayFeed day) : IDaySource
{
    public string Name => "one day";
    public Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken) => Task.FromResult(day);
    public Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) => Task.FromResult<DateOnly?>(day.Date);
}
