using DailyPapers.Papers;
using DailyPapers.Text;

namespace DailyPapers.Summarize.Extractive;

/// <summary>
/// The offline summarizer: labels each abstract sentence with its role and places it in the reference's sections
/// (background/objective: What's New; method: Technical Details; result: Performance Highlights, plus result
/// sentences from the full text when it is stored), 2-4 sentences each, and "Code and Resources" from links.
/// It writes English only: it quotes, it does not translate.
/// </summary>
public sealed class ExtractiveSummarizer(ISentenceRoleClassifier classifier) : ISummarizer
{
    /// <summary>The name users select it by.</summary>
    public const string SummarizerName = "extractive";

    // The reference digest's sections run 2-4 sentences: method detail gets the most room.
    private static readonly Dictionary<string, int> MaxSentences = new()
    {
        [SectionNames.WhatsNew] = 3,
        [SectionNames.TechnicalDetails] = 4,
        [SectionNames.PerformanceHighlights] = 3,
    };

    private const int MaxFullTextSentences = 2;

    /// <inheritdoc />
    public string Name => SummarizerName;

    /// <inheritdoc />
    public SummaryOrigin Origin => new(SummarizerName, classifier.ModelName, "extractive-v2");

    /// <inheritdoc />
    public string OutputLanguage(string requested) => "en";

    /// <inheritdoc />
    public Task<Summary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Summarize(request.Paper, request.FullText));
    }

    /// <summary>Summarizes synchronously: no I/O is involved.</summary>
    public Summary Summarize(Paper paper, FullText? fullText = null)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var sentences = SentenceSplitter.Split(paper.Abstract);
        if (sentences.Count == 0)
            throw new SummarizationException($"paper {paper.ArxivId} has no abstract to summarize");
        var classified = classifier.Classify(sentences);
        var roles = ReaderSections.Adjust(sentences, classified);

        var buckets = new Dictionary<string, List<int>>
        {
            [SectionNames.WhatsNew] = [],
            [SectionNames.TechnicalDetails] = [],
            [SectionNames.PerformanceHighlights] = [],
        };
        for (var i = 0; i < sentences.Count; i++)
        {
            var section = roles[i] switch
            {
                SentenceRole.Background or SentenceRole.Objective => SectionNames.WhatsNew,
                SentenceRole.Method => SectionNames.TechnicalDetails,
                SentenceRole.Result => SectionNames.PerformanceHighlights,
                _ => null,
            };
            if (section is not null) buckets[section].Add(i);
        }

        var sectionsOut = new List<SummarySection>();
        foreach (var (section, indexes) in buckets)
        {
            var chosen = Choose(indexes, sentences, roles, classified, section).Select(i => sentences[i]).ToList();
            if (section == SectionNames.PerformanceHighlights)
                chosen.AddRange(FullTextResults.Select(fullText, sentences, classifier, chosen.ToHashSet(StringComparer.Ordinal), Math.Min(MaxFullTextSentences, MaxSentences[section] + 1 - chosen.Count)));
            var text = chosen.Count > 0 ? string.Join(" ", chosen) : "The abstract does not describe this.";
            sectionsOut.Add(new SummarySection(section, text));
        }
        var links = paper.Links.Concat(LinkExtractor.Extract(paper.Abstract, "abstract"))
            .Where(l => l.Kind is LinkKind.Code or LinkKind.Project or LinkKind.Model or LinkKind.Dataset)
            .DistinctBy(l => l.Url, StringComparer.OrdinalIgnoreCase).ToList();
        if (links.Count > 0)
            sectionsOut.Add(new SummarySection(SectionNames.CodeAndResources, string.Join(", ", links.Select(l => $"{Describe(l.Kind)}: {l.Url}"))));

        return new Summary { ArxivId = paper.ArxivId, Language = "en", Sections = sectionsOut, Origin = Origin };
    }

    private static List<int> Choose(List<int> indexes, IReadOnlyList<string> sentences, SentenceRole[] roles, IReadOnlyList<(SentenceRole Role, double Confidence)> classified, string section)
    {
        var max = MaxSentences[section];
        if (indexes.Count <= max) return indexes;
        // What's New keeps the paper's own statement (objective) first, then the background closest to it (the gap
        // it fills); the other sections keep their most confident sentences. A sentence that leans on the one before
        // it ("Meanwhile, ...", "To reduce this issue, ...") comes with that one when both fit, waits until that one
        // is chosen, or comes when nothing else is left. Chosen sentences stay in abstract order.
        var ranked = (section == SectionNames.WhatsNew
            ? indexes.OrderByDescending(i => roles[i] == SentenceRole.Objective ? 1 : 0).ThenByDescending(i => i)
            : indexes.OrderByDescending(i => classified[i].Confidence).ThenBy(i => i)).ToList();
        var chosen = new List<int>(max);
        var changed = true;
        while (chosen.Count < max && changed)
        {
            changed = false;
            foreach (var i in ranked)
            {
                if (chosen.Count == max) break;
                if (chosen.Contains(i)) continue;
                if (Cohesion.LeansOnPrevious(sentences[i]) && !chosen.Contains(i - 1))
                {
                    if (!indexes.Contains(i - 1) || chosen.Count + 2 > max || Cohesion.LeansOnPrevious(sentences[i - 1])) continue;
                    chosen.Add(i - 1);
                }
                chosen.Add(i);
                changed = true;
            }
        }
        foreach (var i in ranked)
        {
            if (chosen.Count == max) break;
            if (!chosen.Contains(i)) chosen.Add(i);
        }
        return [.. chosen.Order()];
    }

    private static string Describe(LinkKind kind) => kind switch
    {
        LinkKind.Code => "Code",
        LinkKind.Model => "Model",
        LinkKind.Dataset => "Dataset",
        _ => "Project page",
    };
}
