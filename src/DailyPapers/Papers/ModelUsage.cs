namespace DailyPapers.Papers;

/// <summary>What model calls cost: calls made, tokens read and written, and the estimated price when pricing is configured.</summary>
public sealed record ModelUsage(int Calls, long InputTokens, long OutputTokens, decimal? EstimatedCost = null)
{
    /// <summary>No call made.</summary>
    public static readonly ModelUsage None = new(0, 0, 0, 0m);

    /// <summary>The sum of two usages; the cost stays unknown when either side's is.</summary>
    public static ModelUsage operator +(ModelUsage a, ModelUsage b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.Calls + b.Calls, a.InputTokens + b.InputTokens, a.OutputTokens + b.OutputTokens,
            a.EstimatedCost is { } x && b.EstimatedCost is { } y ? x + y : null);
    }
}
