using DailyPapers.Papers;

namespace DailyPapers.Publish;

/// <summary>A day ready to publish: ranked entries, each with its summary or the reason it has none.</summary>
public sealed record Digest(DateOnly Date, string Language, IReadOnlyList<DigestItem> Items)
{
    /// <summary>Languages of the summaries that differ from the one asked for (the offline summarizer writes English).</summary>
    public IReadOnlyList<string> SubstitutedLanguages =>
        [.. Items.Select(i => i.Summary?.Language).OfType<string>().Where(l => !string.Equals(l, Language, StringComparison.OrdinalIgnoreCase)).Distinct()];
}

/// <summary>One paper of a digest: its entry, its summary (null when summarizing failed) and the failure reason.</summary>
public sealed record DigestItem(DailyEntry Entry, Summary? Summary, string? FailureReason = null);
