using DailyPapers.Summarize.Extractive;

namespace DailyPapers.Summarize;

/// <summary>The registered summarizers, chosen by name (<c>--summarizer</c>).</summary>
public sealed class SummarizerCatalog(IEnumerable<ISummarizer> summarizers)
{
    private readonly IReadOnlyList<ISummarizer> _all = [.. summarizers];

    /// <summary>Names users can choose from.</summary>
    public IEnumerable<string> Names => _all.Select(s => s.Name);

    /// <summary>The summarizer called <paramref name="name"/>; the offline one when the name is empty.</summary>
    public ISummarizer Get(string? name)
    {
        var wanted = string.IsNullOrWhiteSpace(name) ? ExtractiveSummarizer.SummarizerName : name.Trim();
        return _all.FirstOrDefault(s => string.Equals(s.Name, wanted, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"unknown summarizer '{wanted}' (known: {string.Join(", ", Names)})", nameof(name));
    }
}
