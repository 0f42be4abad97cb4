namespace DailyPapers.Papers;

/// <summary>A paper's full text as extracted from arXiv's HTML rendering or its PDF, size-capped.</summary>
public sealed record FullText
{
    /// <summary>arXiv id of the paper.</summary>
    public required string ArxivId { get; init; }
    /// <summary>Where the text came from: <c>html</c> or <c>pdf</c>.</summary>
    public required string Source { get; init; }
    /// <summary>The URL it was read from.</summary>
    public required string Url { get; init; }
    /// <summary>Sections in document order.</summary>
    public IReadOnlyList<FullTextSection> Sections { get; init; } = [];
    /// <summary>Figure and table captions.</summary>
    public IReadOnlyList<string> Captions { get; init; } = [];
    /// <summary>True when the text was cut at the size cap.</summary>
    public bool Truncated { get; init; }
    /// <summary>When it was fetched.</summary>
    public DateTimeOffset FetchedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>All section text, headings included, for grounding checks.</summary>
    public string PlainText => string.Join("\n\n", Sections.Select(s => string.Join(" > ", s.HeadingPath) + "\n" + s.Text));
}

/// <summary>A section of a paper: its heading path (e.g. ["3 Method", "3.1 Encoder"]) and its text.</summary>
public sealed record FullTextSection(IReadOnlyList<string> HeadingPath, string Text);
