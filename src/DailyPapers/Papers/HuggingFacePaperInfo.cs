namespace DailyPapers.Papers;

/// <summary>
/// What the Hugging Face Daily Papers API says about a paper beyond arXiv's record, where it says it (fields added in
/// 2025-2026): its machine summary and keywords, the GitHub repository and its stars, the project page and the
/// organization. All of it is untrusted text from the feed: pages encode it and show only http(s) links.
/// </summary>
public sealed record HuggingFacePaperInfo
{
    /// <summary>Hugging Face's one-paragraph machine summary (<c>paper.ai_summary</c>).</summary>
    public string? AiSummary { get; init; }

    /// <summary>Hugging Face's machine keywords (<c>paper.ai_keywords</c>), in feed order.</summary>
    public IReadOnlyList<string> AiKeywords { get; init; } = [];

    /// <summary>The GitHub repository (<c>paper.githubRepo</c>) as served; pages show it only when it is an http(s) URL.</summary>
    public string? GithubRepo { get; init; }

    /// <summary>Stars of the repository when captured (<c>paper.githubStars</c>).</summary>
    public int? GithubStars { get; init; }

    /// <summary>The project page (<c>paper.projectPage</c>) as served; pages show it only when it is an http(s) URL.</summary>
    public string? ProjectPage { get; init; }

    /// <summary>The organization the paper is filed under (<c>paper.organization</c>, else the entry's <c>organization</c>).</summary>
    public HuggingFaceOrganization? Organization { get; init; }

    /// <summary>True when none of the fields is present (a 2024 record): nothing is stored or shown.</summary>
    public bool IsEmpty => AiSummary is null && AiKeywords.Count == 0 && GithubRepo is null && GithubStars is null
        && ProjectPage is null && Organization is null;
}

/// <summary>A Hugging Face organization: its handle (<c>name</c>, as in huggingface.co/NAME) and display name.</summary>
public sealed record HuggingFaceOrganization(string Name, string? FullName);
