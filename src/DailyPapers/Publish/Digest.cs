using DailyPapers.Papers;

namespace DailyPapers.Publish;

/// <summary>A day ready to publish: ranked entries, each with its summary or the reason it has none.</summary>
/// <remarks>What a run made; publishers render it as a <see cref="PublishedDay"/> (<see cref="PublishedDay.From"/>).</remarks>
public sealed record Digest(DateOnly Date, string Language, IReadOnlyList<DigestItem> Items);

/// <summary>One paper of a digest: its entry, its summary (null when summarizing failed) and the failure reason.</summary>
public sealed record DigestItem(DailyEntry Entry, Summary? Summary, string? FailureReason = null);
