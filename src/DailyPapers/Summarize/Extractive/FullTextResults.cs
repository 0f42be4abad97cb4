using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Text;

namespace DailyPapers.Summarize.Extractive;

/// <summary>Result sentences from a paper's full text: its results, experiments, evaluation and conclusion sections.</summary>
internal static partial class FullTextResults
{
    private const int MaxSentencesPerSection = 40;
    private const int Window = 3;
    private const double MinConfidence = 0.5;

    [GeneratedRegex(@"\b(results?|experiments?|experimental|evaluations?|conclusions?|ablations?|findings|discussion|benchmarks?|comparisons?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ResultHeading();

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();

    /// <summary>
    /// Up to <paramref name="max"/> result sentences, most confident first among those that state a number,
    /// excluding any sentence already in <paramref name="exclude"/>. The model was trained on abstracts, so each
    /// few sentences are classified as if they continued the paper's abstract, where findings sit.
    /// </summary>
    public static IReadOnlyList<string> Select(FullText? fullText, IReadOnlyList<string> abstractSentences, ISentenceRoleClassifier classifier, IReadOnlySet<string> exclude, int max)
    {
        if (fullText is null || max <= 0) return [];
        var candidates = new List<(string Sentence, double Score, int Order)>();
        foreach (var section in fullText.Sections)
        {
            if (section.HeadingPath.Count == 0 || !section.HeadingPath.Any(h => ResultHeading().IsMatch(h))) continue;
            var sentences = SentenceSplitter.Split(section.Text).Take(MaxSentencesPerSection).ToList();
            if (sentences.Count == 0) continue;
            for (var start = 0; start < sentences.Count; start += Window)
            {
                var window = sentences.Skip(start).Take(Window).ToList();
                var roles = classifier.Classify([.. abstractSentences, .. window]);
                for (var i = 0; i < window.Count; i++)
                {
                    var (role, confidence) = roles[abstractSentences.Count + i];
                    var s = window[i];
                    if (role != SentenceRole.Result || confidence < MinConfidence || s.Length is < 40 or > 320 || exclude.Contains(s) || ReaderSections.IsResource(s) || Cohesion.LeansOnPrevious(s)) continue;
                    // Quantitative findings first: they are what a reader of "Performance Highlights" looks for.
                    candidates.Add((s, confidence + (Digit().IsMatch(s) ? 1 : 0), candidates.Count));
                }
            }
        }
        return [.. candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Order).Take(max).OrderBy(c => c.Order).Select(c => c.Sentence)];
    }
}
