using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Text;

namespace DailyPapers.Summarize.Extractive;

/// <summary>Result sentences from a paper's full text: its results, experiments, evaluation and conclusion sections.</summary>
internal static partial class FullTextResults
{
    private const int MaxSentencesPerSection = 40;

    [GeneratedRegex(@"\b(results?|experiments?|experimental|evaluations?|conclusions?|ablations?|findings|discussion|benchmarks?|comparisons?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ResultHeading();

    [GeneratedRegex(@"\d")]
    private static partial Regex Digit();

    /// <summary>
    /// Up to <paramref name="max"/> result sentences, most confident first among those that state a number,
    /// excluding any sentence already in <paramref name="exclude"/>.
    /// </summary>
    public static IReadOnlyList<string> Select(FullText? fullText, ISentenceRoleClassifier classifier, IReadOnlySet<string> exclude, int max)
    {
        if (fullText is null || max <= 0) return [];
        var candidates = new List<(string Sentence, double Score, int Order)>();
        foreach (var section in fullText.Sections)
        {
            if (section.HeadingPath.Count == 0 || !section.HeadingPath.Any(h => ResultHeading().IsMatch(h))) continue;
            var sentences = SentenceSplitter.Split(section.Text).Take(MaxSentencesPerSection).ToList();
            if (sentences.Count == 0) continue;
            var roles = classifier.Classify(sentences);
            for (var i = 0; i < sentences.Count; i++)
            {
                var s = sentences[i];
                if (roles[i].Role != SentenceRole.Result || s.Length is < 40 or > 320 || exclude.Contains(s) || ReaderSections.IsResource(s)) continue;
                // Quantitative findings first: they are what a reader of "Performance Highlights" looks for.
                var score = roles[i].Confidence + (Digit().IsMatch(s) ? 1 : 0);
                candidates.Add((s, score, candidates.Count));
            }
        }
        return [.. candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Order).Take(max).OrderBy(c => c.Order).Select(c => c.Sentence)];
    }
}
