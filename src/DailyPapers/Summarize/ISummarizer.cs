using DailyPapers.Papers;

namespace DailyPapers.Summarize;

/// <summary>Writes a paper's summary in a language.</summary>
public interface ISummarizer
{
    /// <summary>The name users select it by (<c>--summarizer</c>), e.g. <c>extractive</c>.</summary>
    string Name { get; }

    /// <summary>Summarizer, model and prompt version: part of the cache key, so a change re-summarizes.</summary>
    SummaryOrigin Origin { get; }

    /// <summary>The language the summary will be written in when <paramref name="requested"/> is asked for.</summary>
    string OutputLanguage(string requested);

    /// <summary>True when asking again with <see cref="SummaryRequest.Feedback"/> can give a better summary (an LLM); false for deterministic summarizers.</summary>
    bool CanRegenerate => false;

    /// <summary>
    /// True when each summary is a reply from elsewhere (a model server): the run then verifies and stores it beside the
    /// thread pool, so the next papers' calls do not queue behind that work. False for summarizers that compute locally.
    /// </summary>
    bool AwaitsReplies => false;

    /// <summary>Papers a run should summarize at once with this summarizer (the runner applies it, whoever started the run).</summary>
    int MaxConcurrency => 1;

    /// <summary>Summarizes one paper. Throws <see cref="SummarizationException"/> with a reason a user can read.</summary>
    Task<Summary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken);
}

/// <summary>What a summarizer gets: the paper, the wanted language, the full text when stored.</summary>
public sealed record SummaryRequest(Paper Paper, string Language)
{
    /// <summary>The stored full text, or null when only the abstract is known.</summary>
    public FullText? FullText { get; init; }

    /// <summary>Problems of an earlier attempt to state to a model that regenerates (verification findings, a parse error).</summary>
    public string? Feedback { get; init; }
}

/// <summary>A summarizer could not produce a usable summary for a paper.</summary>
public sealed class SummarizationException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Model calls and tokens spent before giving up; null when no model was called.</summary>
    public ModelUsage? Usage { get; init; }
}
