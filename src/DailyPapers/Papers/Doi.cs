using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace DailyPapers.Papers;

/// <summary>
/// A DOI used as a paper id beside arXiv ids (bioRxiv and medRxiv papers): <c>10.1101/2024.01.08.574590</c>. DOIs are
/// case-insensitive and hold a '/', so they are kept lower-case and escaped in URLs.
/// </summary>
public static partial class Doi
{
    [GeneratedRegex(@"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(?<doi>10\.\d{4,9}/[^\s/][^\s]{0,200})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Reads a DOI, with or without a <c>doi:</c> or <c>https://doi.org/</c> prefix, as its lower-case form.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out string? doi)
    {
        doi = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return false;
        doi = m.Groups["doi"].Value.ToLowerInvariant();
        return true;
    }

    /// <summary>
    /// The stored id of a paper named by a reader or a URL: an arXiv id without its version, or a DOI in lower case;
    /// null when the text is neither.
    /// </summary>
    public static string? PaperKey(string? text) =>
        ArxivId.TryParse(text, out var arxiv) ? arxiv.Id : TryParse(text, out var doi) ? doi : null;

    /// <summary>True when a paper id is a DOI rather than an arXiv id.</summary>
    public static bool IsDoi(string id) => id is not null && id.StartsWith("10.", StringComparison.Ordinal) && id.Contains('/', StringComparison.Ordinal);
}
