namespace DailyPapers.Papers;

/// <summary>One paper as featured on one day of the feed.</summary>
public sealed record DailyEntry
{
    /// <summary>The day the paper was featured.</summary>
    public required DateOnly Date { get; init; }
    /// <summary>The paper.</summary>
    public required Paper Paper { get; init; }
    /// <summary>Upvotes when captured.</summary>
    public int Upvotes { get; init; }
    /// <summary>Position in the feed (0-based); breaks upvote ties.</summary>
    public int FeedOrder { get; init; }
    /// <summary>Thumbnail image or video URL.</summary>
    public string? MediaUrl { get; init; }
    /// <summary>Comments on the Daily Papers page.</summary>
    public int Comments { get; init; }
    /// <summary>When the paper was posted to Daily Papers.</summary>
    public DateTimeOffset? PostedAt { get; init; }

    /// <summary>Where the entry was listed, e.g. <c>arXiv cs.CL</c>; null for the Hugging Face feed (and entries stored before it was kept).</summary>
    public string? Origin { get; init; }
    /// <summary>arXiv's announce type of a listing entry (new, cross, replace, replace-cross); null for other sources.</summary>
    public string? AnnounceType { get; init; }

    /// <summary>True for a paper cross-listed into the category it was listed under.</summary>
    public bool IsCrossList => AnnounceType is "cross" or "replace-cross";

    /// <summary>Where the entry was listed, for readers: the origin, marked "(cross-list)" or "(replacement)"; null without an origin.</summary>
    public string? Listed => Origin is null ? null
        : IsCrossList ? $"{Origin} (cross-list)"
        : AnnounceType is "replace" ? $"{Origin} (replacement)"
        : Origin;

    /// <summary>True when the media is a video (the reference shows a video block instead of an image).</summary>
    public bool MediaIsVideo => MediaUrl is { } url && (url.EndsWith(".mp4", StringComparison.OrdinalIgnoreCase) || url.EndsWith(".webm", StringComparison.OrdinalIgnoreCase));
}

/// <summary>A day of the feed: its entries in feed order and the records that could not be read.</summary>
public sealed record DayFeed(DateOnly Date, IReadOnlyList<DailyEntry> Entries, IReadOnlyList<FeedProblem> Problems)
{
    /// <summary>Entries in digest order: upvotes descending, ties in feed order.</summary>
    public IReadOnlyList<DailyEntry> Ranked =>
        [.. Entries.OrderByDescending(e => e.Upvotes).ThenBy(e => e.FeedOrder)];

    /// <summary>
    /// True for a frozen offline snapshot (the bundled sample day): it is kept as it is, never enriched from the
    /// network, also when a later run reads it back from the store.
    /// </summary>
    public bool IsSnapshot { get; init; }
}

/// <summary>A record of a feed that could not be read, with where it was and why.</summary>
public sealed record FeedProblem(string Source, int? RecordIndex, string Message)
{
    /// <inheritdoc />
    public override string ToString() => RecordIndex is { } i ? $"{Source} record {i}: {Message}" : $"{Source}: {Message}";
}
