using DailyPapers.Papers;
using DailyPapers.Summarize;

namespace DailyPapers.Verify;

/// <summary>Checks a summary against its source and returns what it found.</summary>
public interface ISummaryVerifier
{
    /// <summary>Findings for the summary of <paramref name="request"/>'s paper; empty when nothing is wrong.</summary>
    Task<IReadOnlyList<Finding>> VerifyAsync(SummaryRequest request, Summary summary, CancellationToken cancellationToken);
}
