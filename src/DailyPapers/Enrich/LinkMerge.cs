using DailyPapers.Papers;
using DailyPapers.Text;

namespace DailyPapers.Enrich;

/// <summary>Merges links into a paper's list: normalized, de-duplicated (first source wins), no arXiv/DOI self-links.</summary>
public static class LinkMerge
{
    private static readonly string[] NotResources =
        ["arxiv.org", "export.arxiv.org", "doi.org", "dx.doi.org", "creativecommons.org", "www.w3.org", "w3.org", "math.nist.gov", "dlmf.nist.gov", "orcid.org", "huggingface.co/papers"];

    /// <summary>The existing links followed by the new ones not already present.</summary>
    public static IReadOnlyList<PaperLink> Merge(IReadOnlyList<PaperLink> existing, IEnumerable<PaperLink> found)
    {
        var merged = new List<PaperLink>(existing);
        var seen = new HashSet<string>(existing.Select(l => LinkExtractor.Normalize(l.Url) ?? l.Url), StringComparer.OrdinalIgnoreCase);
        foreach (var link in found)
        {
            if (LinkExtractor.Normalize(link.Url) is not { } url || IsNoise(url) || !seen.Add(url)) continue;
            merged.Add(link with { Url = url });
        }
        return merged;
    }

    /// <summary>A link worth listing under "Code and Resources" when found in the body of a paper.</summary>
    public static bool IsResource(PaperLink link) =>
        link.Kind is LinkKind.Code or LinkKind.Model or LinkKind.Dataset
        || link.Kind == LinkKind.Project && Uri.TryCreate(link.Url, UriKind.Absolute, out var u) && (u.Host.EndsWith("github.io", StringComparison.OrdinalIgnoreCase) || u.Host.EndsWith("huggingface.co", StringComparison.OrdinalIgnoreCase));

    private static bool IsNoise(string url)
    {
        var uri = new Uri(url);
        var hostPath = uri.Host + uri.AbsolutePath;
        return NotResources.Any(n => uri.Host.Equals(n, StringComparison.OrdinalIgnoreCase) || hostPath.StartsWith(n + "/", StringComparison.OrdinalIgnoreCase))
            || uri.Host.EndsWith(".arxiv.org", StringComparison.OrdinalIgnoreCase);
    }
}
