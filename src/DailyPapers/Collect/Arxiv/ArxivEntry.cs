using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Collect.Arxiv;

/// <summary>One paper as the arXiv API describes it (latest version unless a version was asked for).</summary>
public sealed partial record ArxivEntry
{
    /// <summary>Id and version, e.g. 2408.07246 v2.</summary>
    public required ArxivId Id { get; init; }
    /// <summary>Title, white space folded.</summary>
    public required string Title { get; init; }
    /// <summary>Abstract as served.</summary>
    public string Summary { get; init; } = "";
    /// <summary>Authors in order.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];
    /// <summary>First version's submission time.</summary>
    public DateTimeOffset? Published { get; init; }
    /// <summary>This version's time.</summary>
    public DateTimeOffset? Updated { get; init; }
    /// <summary>Categories, primary first.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>Author comments.</summary>
    public string? Comment { get; init; }
    /// <summary>Journal reference.</summary>
    public string? JournalRef { get; init; }
    /// <summary>DOI.</summary>
    public string? Doi { get; init; }
    /// <summary>PDF link as served.</summary>
    public string? PdfUrl { get; init; }

    [GeneratedRegex(@"\b(?:has been|was|is|been)\s+withdrawn\b|\bwithdrawn\s+by\b|^\s*(?:paper\s+)?withdrawn\b|\bpaper\s+withdrawn\b", RegexOptions.IgnoreCase)]
    private static partial Regex WithdrawnPattern();

    /// <summary>True when the comment says the paper was withdrawn (arXiv's own wording, e.g. "This paper has been withdrawn").</summary>
    public bool Withdrawn => IsWithdrawnComment(Comment);

    /// <summary>Whether an arXiv comment announces a withdrawal.</summary>
    public static bool IsWithdrawnComment(string? comment) => comment is not null && WithdrawnPattern().IsMatch(TextFolding.Fold(comment));

    /// <summary>The metadata record a paper keeps.</summary>
    public ArxivMetadata ToMetadata() => new()
    {
        Categories = Categories,
        Comments = Comment,
        JournalRef = JournalRef,
        Doi = Doi,
        PdfUrl = PdfUrl,
        LatestVersion = Id.Version,
        UpdatedAt = Updated,
        Withdrawn = Withdrawn,
    };
}

/// <summary>A page of API results: the entries and the paging counters.</summary>
public sealed record ArxivPage(IReadOnlyList<ArxivEntry> Entries, int TotalResults, int StartIndex, int ItemsPerPage);

/// <summary>arXiv answered with an error feed (e.g. HTTP 400 "incorrect id format for abc") or a body that is not its Atom.</summary>
public sealed class ArxivApiException(string message, Exception? inner = null) : Exception(message, inner);
