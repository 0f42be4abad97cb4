using DailyPapers.Pipeline;
using DailyPapers.Summarize.Extractive;
using Microsoft.Extensions.Options;

namespace DailyPapers.Summarize;

/// <summary>The registered summarizers, chosen by name (<c>--summarizer</c>).</summary>
public sealed class SummarizerCatalog(IEnumerable<ISummarizer> summarizers, IOptions<DigestOptions>? digest = null)
{
    private readonly IReadOnlyList<ISummarizer> _all = [.. summarizers];

    /// <summary>Names users can choose from.</summary>
    public IEnumerable<string> Names => _all.Select(s => s.Name);

    /// <summary>The name used when none is given: <c>DailyPapers:Digest:Summarizer</c> (an LLM provider sets it), else the offline one.</summary>
    public string DefaultName => digest?.Value.Summarizer is { } configured && !string.IsNullOrWhiteSpace(configured)
        ? configured.Trim()
        : ExtractiveSummarizer.SummarizerName;

    /// <summary>The summarizer called <paramref name="name"/>; the configured default when the name is empty.</summary>
    public ISummarizer Get(string? name)
    {
        var wanted = string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim();
        return _all.FirstOrDefault(s => string.Equals(s.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown summarizer '{wanted}' (known: {string.Join(", ", Names)})", nameof(name));
    }
}
