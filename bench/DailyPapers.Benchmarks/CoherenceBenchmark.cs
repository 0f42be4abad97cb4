using System.Globalization;
using System.Text.RegularExpressions;
using DailyPapers.Collect.HuggingFace;
using DailyPapers.Papers;
using DailyPapers.Summarize.Extractive;
using DailyPapers.Summarize.Extractive.Model;
using DailyPapers.Text;

namespace DailyPapers.Benchmarks;

/// <summary>
/// Coherence of the offline summarizer's sections over every captured Hugging Face day: how many sections open on a
/// sentence that leans on a predecessor it lost (a connective such as "Yet," or "Moreover,", or an anaphor such as
/// "It ..." or "These ..." whose antecedent sentence is not kept right before it), and how many result sentences
/// (comparisons, gains, "outperforms", "achieves", percentages) land in Technical Details. The rules here are the
/// measure, written from the issue independently of the summarizer's own cues, so a fix cannot grade itself.
/// </summary>
internal static partial class CoherenceBenchmark
{
    // Connectives that continue, contrast with or conclude from the sentence before.
    [GeneratedRegex(@"^\W*(?:yet|moreover|however|furthermore|in addition|additionally|though|thus|therefore|hence|also|besides|meanwhile|nevertheless|nonetheless|consequently|accordingly|likewise|similarly|still|instead(?! of)|otherwise|as a result|in contrast|by contrast|on the other hand|to this end|to that end|in this way|in doing so|for this reason|to (?:address|solve|tackle|overcome|mitigate|alleviate|fill|bridge) (?:this|these|that|those|such))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Connective();

    // Anaphora whose antecedent is in an earlier sentence. "This paper/work ..." names the paper itself and
    // "It is ADJ to/that ..." is the expletive "it": neither leans.
    [GeneratedRegex(@"^\W*(?:it|its|they|their|them|these|those|such|both|the former|the latter|this|that)\b(?!\s+(?:paper|work|study|report|article|survey|thesis|technical report|letter|position paper|tutorial|manuscript)\b)(?!\s+(?:is|was|has been|remains|becomes|seems)\s+(?:\w+\s+)?(?:to|that|whether|how|crucial|important|essential|necessary|difficult|hard|challenging|possible|impossible|common|natural|desirable|unclear|known|well[- ]known|widely|often|generally|shown|believed|observed)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Anaphor();

    // A finding: a comparison, a gain, a measured figure, "experiments show".
    [GeneratedRegex(@"\b(?:outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|beats?|(?<!\b(?:is|are|was|were|be|been)\s)achiev(?:es|ed)|attain(?:s|ed)|improv(?:es|ed|ing|ements?)\s+(?:\w+\s+){0,4}(?:by|over|of)|compared (?:to|with)|relative to|state[- ]of[- ]the[- ]art (?:performance|results)|(?:results|experiments|evaluations?|studies|analys[ie]s)\b[^.]{0,60}\b(?:show|shows|showed|demonstrate[sd]?|indicate[sd]?|reveal[sd]?|confirm[sd]?)|(?:reduc|increas|boost|lower|rais)(?:es|ed|ing) [^.]{0,40}\bby \d)|\d+(?:\.\d+)?\s?(?:%|×|x faster|times (?:faster|fewer|less|more|smaller))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Finding();

    public static int Run(string[] args)
    {
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
            ?? Path.Combine(DailyPapers.Tests.TestPaths.SharedData, "hf_daily_papers", "raw_2024");
        var show = args.Contains("--show");
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"no folder of captured days at '{folder}'");
        var papers = new List<Paper>();
        int days = 0, unreadable = 0;
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var date = DateOnly.ParseExact(Path.GetFileNameWithoutExtension(file), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var feed = HuggingFaceFeedParser.Parse(File.ReadAllBytes(file), Path.GetFileName(file), date);
            days++;
            unreadable += feed.Problems.Count;
            papers.AddRange(feed.Entries.Select(e => e.Paper).Where(p => !string.IsNullOrWhiteSpace(p.Abstract)));
        }
        papers = [.. papers.DistinctBy(p => p.ArxivId)];
        Console.WriteLine($"{days} captured days in {folder}: {papers.Count} distinct papers with an abstract ({unreadable} records unreadable, e.g. Python repr strings)");

        var summarizer = new ExtractiveSummarizer(TrainedRoleClassifier.Default);
        int sections = 0, dangling = 0, bridged = 0, connectives = 0, anaphora = 0, gaps = 0, details = 0, misplaced = 0, highlights = 0;
        foreach (var paper in papers)
        {
            var sentences = SentenceSplitter.Split(paper.Abstract);
            var summary = summarizer.Summarize(paper);
            var previousLast = -1;
            foreach (var section in summary.Sections)
            {
                if (section.Name is not (SectionNames.WhatsNew or SectionNames.TechnicalDetails or SectionNames.PerformanceHighlights)) continue;
                var chosen = SentenceSplitter.Split(section.Text).Select(s => IndexOf(sentences, s)).ToList();
                if (chosen.Any(i => i < 0)) { previousLast = -1; continue; } // "The abstract does not describe this."
                sections++;
                for (var k = 0; k < chosen.Count; k++)
                {
                    var i = chosen[k];
                    var s = sentences[i];
                    var leans = i > 0 && (Connective().IsMatch(s) || Anaphor().IsMatch(s));
                    if (!leans || (k > 0 && chosen[k - 1] == i - 1)) continue;
                    if (k > 0) { gaps++; continue; }
                    // Right after the last sentence of the section above, the reader has just read the predecessor.
                    if (previousLast == i - 1) { bridged++; continue; }
                    dangling++;
                    if (Connective().IsMatch(s)) connectives++; else anaphora++;
                    if (show) Console.WriteLine($"  opens {section.Name} ({paper.ArxivId}): {Clip(s)}\n      lost: {Clip(sentences[i - 1])}");
                }
                previousLast = chosen[^1];
                if (section.Name == SectionNames.PerformanceHighlights) highlights++;
                if (section.Name != SectionNames.TechnicalDetails) continue;
                details++;
                foreach (var i in chosen.Where(i => Finding().IsMatch(sentences[i])))
                {
                    misplaced++;
                    if (show) Console.WriteLine($"  result in Technical Details ({paper.ArxivId}): {Clip(sentences[i])}");
                }
            }
        }
        Console.WriteLine($"model {summarizer.Origin.Model}, {summarizer.Origin.PromptVersion}: {sections} sections quoted from abstracts ({details} Technical Details, {highlights} Performance Highlights)");
        Console.WriteLine($"sections opening on a sentence that lost its predecessor: {dangling} ({connectives} connective, {anaphora} anaphor)");
        Console.WriteLine($"sections opening on a sentence that leans on the last sentence of the section above: {bridged}");
        Console.WriteLine($"leaning sentences inside a section with a gap before them: {gaps}");
        Console.WriteLine($"result sentences in Technical Details: {misplaced}");
        return 0;
    }

    private static int IndexOf(IReadOnlyList<string> sentences, string sentence)
    {
        for (var i = 0; i < sentences.Count; i++)
            if (string.Equals(sentences[i], sentence, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static string Clip(string s) => s.Length <= 150 ? s : s[..147] + "...";
}
