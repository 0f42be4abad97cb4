using DailyPapers.Papers;
using DailyPapers.Publish;
using DailyPapers.Web.Site;

namespace DailyPapers.Web.Apis;

/// <summary>A stored day in the API: its papers in digest order with the summary in <see cref="Language"/>.</summary>
public sealed record DayResponse(DateOnly Date, string? Language, IReadOnlyList<string> Languages, DateOnly? Previous, DateOnly? Next, IReadOnlyList<DayPaperResponse> Papers)
{
    internal static DayResponse From(PublishedDay view) => new(view.Date, view.Language, view.Languages, view.Previous, view.Next,
        [.. view.Items.Select((item, rank) => new DayPaperResponse(rank + 1, item.Entry.Paper.ArxivId, item.Entry.Paper.FoldedTitle, item.Entry.Paper.Authors,
            item.Entry.Upvotes, Html.SafeUrl(item.Entry.MediaUrl), item.Entry.Paper.AbsUrl, item.Summary is null ? null : SummaryResponse.From(item.Summary), item.MissingReason,
            ListedResponse.From(item.Entry), HuggingFaceResponse.From(item.Entry.Paper.HuggingFace)))]);
}

/// <summary>
/// A paper on a day: rank, votes, media and its summary (or why it has none); where it was listed (null for a plain
/// Hugging Face day) and what Hugging Face says about it (null when it said nothing).
/// </summary>
public sealed record DayPaperResponse(int Rank, string ArxivId, string Title, IReadOnlyList<string> Authors, int Upvotes, string? MediaUrl, string ArxivUrl, SummaryResponse? Summary, string? MissingReason,
    ListedResponse? Listed, HuggingFaceResponse? HuggingFace);

/// <summary>
/// Where a day's entry was listed: the source (<c>arXiv cs.CL</c>, <c>Hugging Face</c>, or both joined by ", "),
/// arXiv's announce type (new, cross, replace, replace-cross; null for other sources), whether it is a cross-list,
/// and the line readers see (<c>arXiv cs.CL (cross-list)</c>).
/// </summary>
public sealed record ListedResponse(string Origin, string? AnnounceType, bool CrossList, string Text)
{
    internal static ListedResponse? From(DailyEntry entry) =>
        entry.Origin is { } origin ? new(origin, entry.AnnounceType, entry.IsCrossList, entry.Listed ?? origin) : null;
}

/// <summary>
/// What Hugging Face says about a paper: its machine summary and keywords (untrusted model text), the GitHub
/// repository and its stars, the project page (links only when http(s)) and the organization.
/// </summary>
public sealed record HuggingFaceResponse(string? AiSummary, IReadOnlyList<string> AiKeywords, string? GithubRepo, int? GithubStars, string? ProjectPage,
    HuggingFaceOrganization? Organization)
{
    internal static HuggingFaceResponse? From(HuggingFacePaperInfo? info) => info is null ? null
        : new(info.AiSummary, info.AiKeywords, Html.SafeUrl(info.GithubRepo), info.GithubStars, Html.SafeUrl(info.ProjectPage), info.Organization);
}

/// <summary>A summary: language, sections in order, who wrote it, and what the verifiers flagged.</summary>
public sealed record SummaryResponse(string Language, IReadOnlyList<SummarySection> Sections, SummaryOrigin Origin, IReadOnlyList<Finding> Findings, DateTimeOffset CreatedAt)
{
    internal static SummaryResponse From(Summary s) => new(s.Language, s.Sections, s.Origin, s.Findings, s.CreatedAt);
}

/// <summary>A paper with its newest summary per language, the days it was featured and what Hugging Face says about it.</summary>
public sealed record PaperResponse(string ArxivId, int? Version, string Title, IReadOnlyList<string> Authors, string Abstract, string ArxivUrl, string PdfUrl,
    IReadOnlyList<PaperLink> Links, IReadOnlyList<SummaryResponse> Summaries, IReadOnlyList<DateOnly> Days, HuggingFaceResponse? HuggingFace)
{
    internal static PaperResponse From(PaperView v) => new(v.Paper.ArxivId, v.Paper.Version, v.Paper.FoldedTitle, v.Paper.Authors, v.Paper.Abstract, v.Paper.AbsUrl,
        Html.SafeUrl(v.Paper.Arxiv?.PdfUrl) ?? v.Paper.PdfUrl ?? v.Paper.AbsUrl, [.. v.Paper.Links.Where(l => Html.SafeUrl(l.Url) is not null)], [.. v.Summaries.Select(SummaryResponse.From)], v.Days,
        HuggingFaceResponse.From(v.Paper.HuggingFace));
}

/// <summary>The stored days, oldest first.</summary>
public sealed record DaysResponse(IReadOnlyList<DateOnly> Days);

/// <summary>What a triggered run did: per-paper counts and the failures by name.</summary>
public sealed record RunResponse(DateOnly Date, bool Succeeded, int Done, int Reused, int Failed, IReadOnlyList<PaperOutcome> Failures, IReadOnlyList<FeedProblem> Problems, DateTimeOffset StartedAt, DateTimeOffset FinishedAt)
{
    internal static RunResponse From(RunReport r) => new(r.Date, r.Succeeded, r.Outcomes.Count(o => o.Status == PaperStatus.Done),
        r.Outcomes.Count(o => o.Reused), r.Failed.Count(), [.. r.Failed], r.Problems, r.StartedAt, r.FinishedAt);
}
