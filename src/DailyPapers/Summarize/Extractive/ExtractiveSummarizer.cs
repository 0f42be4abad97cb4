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
    public SummaryOrigin Origin => new(SummarizerName, classifier.ModelName, "extractive-v3");

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

        // A section may borrow the sentence a chosen one leans on ("To address this gap, we introduce ..." brings the
        // gap), but never one already shown, nor a result from the highlights unless the paper's own statement (the
        // objective) needs it. Sections are filled in display order.
        var shown = new HashSet<int>();
        var picked = new List<List<int>>();
        foreach (var (section, indexes) in buckets)
        {
            List<int> reserved = section == SectionNames.PerformanceHighlights ? [] : buckets[SectionNames.PerformanceHighlights];
            var chosenHere = Choose(indexes, sentences, roles, classified, section, k => shown.Contains(k) || reserved.Contains(k), shown.Contains, picked.Count > 0 && picked[^1].Count > 0 ? picked[^1][^1] : -1);
            shown.UnionWith(chosenHere);
            picked.Add(chosenHere);
        }
        KeepFindingsTogether(picked, sentences);

        var sectionsOut = new List<SummarySection>();
        foreach (var ((section, _), indexes) in buckets.Zip(picked))
        {
            var chosen = indexes.Select(i => sentences[i]).ToList();
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

    private static List<int> Choose(List<int> indexes, IReadOnlyList<string> sentences, SentenceRole[] roles, IReadOnlyList<(SentenceRole Role, double Confidence)> classified, string section, Func<int, bool> unavailable, Func<int, bool> shown, int previousLast)
    {
        var max = MaxSentences[section];
        // What's New keeps the paper's own statement (objective) first, then the background closest to it (the gap
        // it fills); the other sections keep their most confident sentences (one moved there by a reader's cue after those the model put there). A sentence that leans on the one before
        // it ("Moreover, ...", "It routes ...") comes only with that one (and with what that one leans on), provided it
        // is not shown in another section and all of them fit, or right after the section above when that one ends on
        // it; so no section opens on a dangling reference and none skips the sentence a reference points at. Chosen sentences stay in abstract order.
        var ranked = (section == SectionNames.WhatsNew
            ? indexes.OrderByDescending(i => roles[i] == SentenceRole.Objective ? 1 : 0).ThenByDescending(i => i)
            : indexes.OrderByDescending(i => roles[i] == classified[i].Role ? classified[i].Confidence : 0).ThenBy(i => i)).Where(i => !shown(i)).ToList();
        var chosen = new SortedSet<int>();
        var bridged = false;
        foreach (var i in ranked)
        {
            if (chosen.Count == max) break;
            if (chosen.Contains(i) || (bridged && i < previousLast)) continue;
            var needed = Cohesion.Antecedents(sentences, i).Where(k => !chosen.Contains(k)).ToList();
            // A chain may open the section right after the last sentence of the section above, which was just read.
            var bridge = previousLast >= 0 && needed.Contains(previousLast) && (chosen.Count == 0 || chosen.Min > previousLast);
            if (bridge) needed.RemoveAll(k => k <= previousLast);
            if (chosen.Count + needed.Count + 1 > max || needed.Any(k => (roles[i] == SentenceRole.Objective ? shown(k) : unavailable(k)) || ReaderSections.IsResource(sentences[k]))) continue;
            bridged |= bridge;
            chosen.UnionWith(needed);
            chosen.Add(i);
        }
        // Every candidate leans on a sentence shown elsewhere: rather than leave the section empty, take the best ranked.
        if (chosen.Count == 0 && ranked.Count > 0) chosen.Add(ranked[0]);
        return [.. chosen];
    }

    /// <summary>
    /// When the highlights open on a sentence that leans on the last of the technical details ("These fine-tuned
    /// models showed ..." after "Fine-tuning experiments ... demonstrate ..."), that sentence moves down to the
    /// highlights if the details keep another: the two read as one finding. Full highlights give up their last
    /// sentence for it (no highlight leans on the last one). What's New keeps its sentences whatever follows.
    /// </summary>
    private static void KeepFindingsTogether(List<List<int>> picked, IReadOnlyList<string> sentences)
    {
        var (details, highlights) = (picked[1], picked[2]);
        if (highlights.Count == 0 || details.Count < 2) return;
        var opener = highlights[0];
        if (details[^1] != opener - 1 || !Cohesion.LeansOnPrevious(sentences[opener])) return;
        if (highlights.Count >= MaxSentences[SectionNames.PerformanceHighlights]) highlights.RemoveAt(highlights.Count - 1);
        highlights.Insert(0, details[^1]);
        details.RemoveAt(details.Count - 1);
    }

    private static string Describe(LinkKind kind) => kind switch
    {
        LinkKind.Code => "Code",
        LinkKind.Model => "Model",
        LinkKind.Dataset => "Dataset",
        _ => "Project page",
    };
}
