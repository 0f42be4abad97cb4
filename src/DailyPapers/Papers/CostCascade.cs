namespace DailyPapers.Papers;

/// <summary>
/// How a cost-cascade run split the day: the top papers went to the model, the rest to the offline summarizer, with
/// the run's estimated cost and what summarizing every paper with the model would have cost at this run's average
/// per call (null when no model call was made this run or pricing is not configured).
/// </summary>
public sealed record CostCascade(int Top, string RankedBy, string Model, string Offline, int ModelPapers, int OfflinePapers, decimal? EstimatedCost, decimal? EstimatedAllModelCost);
