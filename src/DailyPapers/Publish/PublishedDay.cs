using DailyPapers.Papers;

namespace DailyPapers.Publish;

/// <summary>
/// A day as every publisher shows it (Markdown digest, web pages, feeds, API): the ranked papers, each with the summary
/// to show in <see cref="Language"/> (or a fallback in another language, or none and why), and the neighbouring days.
/// </summary>
public sealed record PublishedDay(DateOnly Date, string? Language, IReadOnlyList<string> Languages, IReadOnlyList<PublishedItem> Items,
    DateOnly? Previous = null, DateOnly? Next = null)
{
    /// <summary>
    /// Languages a summarizer wrote instead of <see cref="Language"/> (the offline summarizer writes English); fallbacks,
    /// which say so item by item, are not counted.
    /// </summary>
    public IReadOnlyList<string> SubstitutedLanguages =>
        [.. Items.Where(i => !i.IsFallback).Select(i => i.Summary?.Language).OfType<string>().Where(l => !string.Equals(l, Language, StringComparison.OrdinalIgnoreCase)).Distinct()];

    /// <summary>The day a run just made, as it publishes it: every item in rank order, failures with their reasons.</summary>
    public static PublishedDay From(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return new(digest.Date, digest.Language, [digest.Language],
            [.. digest.Items.Select(i => new PublishedItem(i.Entry, i.Summary, i.Summary is null ? i.FailureReason ?? "not summarized" : null))]);
    }
}

/// <summary>
/// One paper of a published day. <see cref="Summary"/> null: nothing to show, <see cref="MissingReason"/> says why.
/// Both set: a fallback, the summary is in another language because the day's language is missing for the reason given.
/// Every text is <see cref="PublishedText.Clean(string)"/>ed here, so no publisher sees a NUL or bidirectional control.
/// </summary>
public sealed record PublishedItem(DailyEntry Entry, Summary? Summary, string? MissingReason)
{
    /// <summary>The day's entry (its paper's text cleaned).</summary>
    public DailyEntry Entry { get; init; } = PublishedText.Clean(Entry);

    /// <summary>The summary shown, if any (its text cleaned).</summary>
    public Summary? Summary { get; init; } = PublishedText.Clean(Summary);

    /// <summary>Why the day's language has no summary to show, if so.</summary>
    public string? MissingReason { get; init; } = MissingReason is null ? null : PublishedText.Clean(MissingReason);

    /// <summary>True when the summary shown is in another language than the day's.</summary>
    public bool IsFallback => Summary is not null && MissingReason is not null;

    /// <summary>What a reader previews (a feed entry's summary): the summary's first section, else why there is none.</summary>
    public string Preview => Summary?.Sections.FirstOrDefault()?.Text ?? $"Summary unavailable: {MissingReason}";
}
