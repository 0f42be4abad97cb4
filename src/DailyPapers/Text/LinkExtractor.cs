using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Text;

/// <summary>Finds repository, project, model and dataset URLs in text, normalized and de-duplicated.</summary>
public static partial class LinkExtractor
{
    [GeneratedRegex(@"(?:https?://|www\.)[^\s<>""'{}\\]+|\b(?:github|gitlab)\.com/[\w.\-]+/[\w.\-]+", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    /// <summary>Links found in <paramref name="text"/>, tagged with <paramref name="source"/>.</summary>
    public static IReadOnlyList<PaperLink> Extract(string? text, string source)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var links = new List<PaperLink>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // arXiv wraps long URLs over lines; join a break that falls inside a URL-looking token.
        var joined = Regex.Replace(text, @"(?<=https?://\S*)\n\s*(?=\S)", "");
        foreach (Match m in UrlPattern().Matches(joined))
        {
            var url = Normalize(m.Value);
            if (url is null || !seen.Add(url)) continue;
            links.Add(new PaperLink(url, Classify(url), source));
        }
        return links;
    }

    /// <summary>Canonical form: https scheme, no trailing punctuation, no <c>.git</c>, no trailing slash.</summary>
    public static string? Normalize(string raw)
    {
        var url = raw.Trim().TrimEnd('.', ',', ';', ':', ')', ']', '}', '>', '\'', '"');
        if (url.StartsWith("www.", StringComparison.OrdinalIgnoreCase) || !url.Contains("://", StringComparison.Ordinal))
            url = "https://" + url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return null;
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) path = path[..^4];
        var host = uri.Host.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal) && host is "www.github.com" or "www.gitlab.com") host = host[4..];
        return $"https://{host}{path}{uri.Query}";
    }

    /// <summary>What the URL points at, judged from its host and path.</summary>
    public static LinkKind Classify(string url)
    {
        var uri = new Uri(url);
        var host = uri.Host;
        var segments = uri.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (host is "github.com" or "gitlab.com" or "bitbucket.org" or "codeberg.org") return LinkKind.Code;
        if (host.EndsWith("huggingface.co", StringComparison.Ordinal))
        {
            if (segments.Length > 0 && segments[0] == "datasets") return LinkKind.Dataset;
            if (segments.Length > 0 && segments[0] == "spaces") return LinkKind.Project;
            if (segments.Length >= 2 && segments[0] is not ("papers" or "blog" or "docs")) return LinkKind.Model;
            return LinkKind.Other;
        }
        if (host.EndsWith("github.io", StringComparison.Ordinal)) return LinkKind.Project;
        if (host.Contains("kaggle.com", StringComparison.Ordinal) || host.Contains("zenodo.org", StringComparison.Ordinal)) return LinkKind.Dataset;
        return LinkKind.Project;
    }
}
