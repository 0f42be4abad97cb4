using DailyPapers.Papers;
using DailyPapers.Text;

namespace DailyPapers.Summarize.Extractive;

/// <summary>
/// The offline summarizer: labels each abstract sentence with its role and places it in the reference's sections
/// (background/objective: What's New; method: Technical Details; result: Performance Highlights), 2-4 sentences
/// each, plus "Code and Resources" from links. It writes English only: it quotes, it does not translate.
/// </summary>
public sealed class ExtractiveSummarizer(ISentenceRoleClassifier classifier) : ISummarizer
{
    /// <summary>The name users select it by.</summary>
    public const string SummarizerName = "extractive";

    private const int MaxSentences = 3;

    /// <inheritdoc />
    public string Name => SummarizerName;

    /// <inheritdoc />
    public SummaryOrigin Origin => new(SummarizerName, classifier.ModelName, "extractive-v1");

    /// <inheritdoc />
    public string OutputLanguage(string requested) => "en";

    /// <inheritdoc />
    public Task<Summary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Summarize(request.Paper));
    }

    /// <summary>Summarizes synchronously: no I/O is involved.</summary>
    public Summary Summarize(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var sentences = SentenceSplitter.Split(paper.Abstract);
        if (sentences.Count == 0)
            throw new SummarizationException($"paper {paper.ArxivId} has no abstract to summarize");
        var roles = classifier.Classify(sentences);

        var buckets = new Dictionary<string, List<int>>
        {
            [SectionNames.WhatsNew] = [],
            [SectionNames.TechnicalDetails] = [],
            [SectionNames.PerformanceHighlights] = [],
        };
        for (var i = 0; i < sentences.Count; i++)
        {
            var section = roles[i].Role switch
            {
                SentenceRole.Background or SentenceRole.Objective => SectionNames.WhatsNew,
                SentenceRole.Method => SectionNames.TechnicalDetails,
                SentenceRole.Result => SectionNames.PerformanceHighlights,
                _ => null,
            };
            if (section is not null) buckets[section].Add(i);
        }
        var used = new HashSet<int>(buckets.Values.SelectMany(b => b));
        // A section the abstract gives no sentence for borrows the nearest unused one, else says so plainly.
        foreach (var (section, indexes) in buckets)
        {
            if (indexes.Count > 0) continue;
            var spare = Enumerable.Range(0, sentences.Count).Where(i => !used.Contains(i) && roles[i].Role != SentenceRole.Other).ToList();
            if (spare.Count > 0) { indexes.Add(spare[^1]); used.Add(spare[^1]); }
        }

        var sectionsOut = new List<SummarySection>();
        foreach (var (section, indexes) in buckets)
        {
            var chosen = Choose(indexes, roles, section);
            var text = chosen.Count > 0
                ? string.Join(" ", chosen.Select(i => sentences[i]))
                : "The abstract does not describe this.";
            sectionsOut.Add(new SummarySection(section, text));
        }
        var links = paper.Links.Concat(LinkExtractor.Extract(paper.Abstract, "abstract"))
            .Where(l => l.Kind is LinkKind.Code or LinkKind.Project or LinkKind.Model or LinkKind.Dataset)
            .DistinctBy(l => l.Url, StringComparer.OrdinalIgnoreCase).ToList();
        if (links.Count > 0)
            sectionsOut.Add(new SummarySection(SectionNames.CodeAndResources, string.Join(", ", links.Select(l => $"{Describe(l.Kind)}: {l.Url}"))));

        return new Summary { ArxivId = paper.ArxivId, Language = "en", Sections = sectionsOut, Origin = Origin };
    }

    private static List<int> Choose(List<int> indexes, IReadOnlyList<(SentenceRole Role, double Confidence)> roles, string section)
    {
        if (indexes.Count <= MaxSentences) return indexes;
        // What's New keeps the paper's own statement (objective) before background; other sections keep the most confident.
        var ranked = indexes
            .OrderByDescending(i => section == SectionNames.WhatsNew && roles[i].Role == SentenceRole.Objective ? 1 : 0)
            .ThenByDescending(i => roles[i].Confidence)
            .ThenBy(i => i)
            .Take(MaxSentences);
        return [.. ranked.Order()];
    }

    private static string Describe(LinkKind kind) => kind switch
    {
        LinkKind.Code => "Code",
        LinkKind.Model => "Model",
        LinkKind.Dataset => "Dataset",
        _ => "Project page",
    };
}
