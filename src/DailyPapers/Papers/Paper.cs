namespace DailyPapers.Papers;

/// <summary>A research paper as collected and enriched: what every later stage reads.</summary>
public sealed record Paper
{
    /// <summary>arXiv id without version, e.g. <c>2408.07246</c>; for a bioRxiv or medRxiv paper its DOI (<see cref="Doi"/>).</summary>
    public required string ArxivId { get; init; }

    /// <summary>arXiv version when known (from arXiv metadata); null when the feed did not say.</summary>
    public int? Version { get; init; }

    /// <summary>Title as published, hard line breaks kept.</summary>
    public required string Title { get; init; }

    /// <summary>Author names in feed order.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>The arXiv abstract.</summary>
    public string Abstract { get; init; } = "";

    /// <summary>arXiv submission time.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>Code, project, model and dataset links found for the paper.</summary>
    public IReadOnlyList<PaperLink> Links { get; init; } = [];

    /// <summary>arXiv metadata, when enriched.</summary>
    public ArxivMetadata? Arxiv { get; init; }

    /// <summary>What Hugging Face says about the paper (machine summary, keywords, repository, organization); null when it said nothing.</summary>
    public HuggingFacePaperInfo? HuggingFace { get; init; }

    /// <summary>The abstract page: on arXiv, or the DOI's landing page for a paper known by its DOI (bioRxiv, medRxiv).</summary>
    public string AbsUrl => IsArxiv ? $"https://arxiv.org/abs/{ArxivId}" : $"https://doi.org/{ArxivId}";

    /// <summary>arXiv's PDF; null for a paper known by its DOI (its landing page, <see cref="AbsUrl"/>, offers the PDF).</summary>
    public string? PdfUrl => IsArxiv ? $"https://arxiv.org/pdf/{ArxivId}" : null;

    /// <summary>What the id is, for readers: <c>arXiv</c> or <c>DOI</c>.</summary>
    public string IdKind => IsArxiv ? "arXiv" : "DOI";

    /// <summary>False for a paper whose id is a DOI (bioRxiv, medRxiv): arXiv has nothing to add to it.</summary>
    public bool IsArxiv => !Doi.IsDoi(ArxivId);

    /// <summary>The title with arXiv's hard line breaks folded into single spaces.</summary>
    public string FoldedTitle => TextFolding.Fold(Title);
}

/// <summary>A link that belongs to a paper.</summary>
public sealed record PaperLink(string Url, LinkKind Kind, string Source);

/// <summary>What a link points to.</summary>
public enum LinkKind
{
    /// <summary>A source repository (GitHub, GitLab...).</summary>
    Code,
    /// <summary>A project page.</summary>
    Project,
    /// <summary>A Hugging Face model.</summary>
    Model,
    /// <summary>A dataset.</summary>
    Dataset,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Metadata from the arXiv API.</summary>
public sealed record ArxivMetadata
{
    /// <summary>Categories, primary first.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>Author comments (pages, venue...).</summary>
    public string? Comments { get; init; }
    /// <summary>Journal reference.</summary>
    public string? JournalRef { get; init; }
    /// <summary>DOI.</summary>
    public string? Doi { get; init; }
    /// <summary>PDF link.</summary>
    public string? PdfUrl { get; init; }
    /// <summary>Latest version number.</summary>
    public int? LatestVersion { get; init; }
    /// <summary>Last update time.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
    /// <summary>True when arXiv marks the paper as withdrawn.</summary>
    public bool Withdrawn { get; init; }
}
