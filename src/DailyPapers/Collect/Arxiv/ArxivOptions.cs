namespace DailyPapers.Collect.Arxiv;

/// <summary>arXiv settings (<c>DailyPapers:Arxiv</c>): where the API and site are, politeness, what enrichment does.</summary>
public sealed class ArxivOptions
{
    /// <summary>The Atom API endpoint.</summary>
    public string ApiUrl { get; set; } = "https://export.arxiv.org/api/query";

    /// <summary>The site serving /abs, /html and /pdf.</summary>
    public string BaseUrl { get; set; } = "https://arxiv.org";

    /// <summary>The least time between two requests to arXiv (its API asks for one every 3 seconds).</summary>
    public TimeSpan PolitenessDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Ids asked for in one API request.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Results asked for per page of a search.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Enrich papers with arXiv metadata (categories, comments, DOI, versions...).</summary>
    public bool Metadata { get; set; } = true;

    /// <summary>Fetch and store each paper's full text (HTML rendering, else PDF).</summary>
    public bool FullText { get; set; } = true;

    /// <summary>The most characters of full text kept per paper; the rest is cut and the text marked truncated.</summary>
    public int FullTextMaxChars { get; set; } = 300_000;

    /// <summary>The API URL, checked.</summary>
    public Uri ApiUri => ToUri(ApiUrl, nameof(ApiUrl));

    /// <summary>The site URL, checked, without a trailing slash.</summary>
    public string Site => ToUri(BaseUrl, nameof(BaseUrl)).ToString().TrimEnd('/');

    private static Uri ToUri(string value, string name) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"DailyPapers:Arxiv:{name} is not an absolute http(s) URL"); // never echoed: it may be a pasted secret
}
