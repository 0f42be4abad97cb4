using DailyPapers.Collect.HuggingFace;
using DailyPapers.Papers;

namespace DailyPapers.Collect;

/// <summary>The sample day shipped inside the assembly (2024-08-15): the offline default needs no file and no network.</summary>
public sealed class BundledSampleSource : IDaySource
{
    /// <summary>The day the sample holds.</summary>
    public static readonly DateOnly SampleDate = new(2024, 8, 15);

    private const string ResourceName = "DailyPapers.Sample.2024-08-15.json";

    /// <inheritdoc />
    public string Name => "bundled sample (2024-08-15)";

    /// <summary>The raw API response of the sample day.</summary>
    public static byte[] ReadBytes()
    {
        using var stream = typeof(BundledSampleSource).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from the build");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    /// <inheritdoc />
    public Task<DayFeed> GetDayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (date != SampleDate)
            throw new DayNotFoundException($"{date:yyyy-MM-dd} is not in the bundled sample, which holds only {SampleDate:yyyy-MM-dd}; pass --source FILE|FOLDER to read saved API responses");
        return Task.FromResult(HuggingFaceFeedParser.Parse(ReadBytes(), Name, date) with { IsSnapshot = true });
    }

    /// <inheritdoc />
    public Task<DateOnly?> LatestDateAsync(CancellationToken cancellationToken) => Task.FromResult<DateOnly?>(SampleDate);
}
