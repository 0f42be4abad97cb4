using System.Text;
using DailyPapers.Papers;
using DailyPapers.Summarize;
using Microsoft.ML.Tokenizers;

namespace DailyPapers.Llm;

/// <summary>The paper text sent to the model, its token count and which full-text sections made it in.</summary>
public sealed record PaperInput(string Text, int Tokens, IReadOnlyList<string> Included, IReadOnlyList<string> Omitted);

/// <summary>
/// Builds the paper text within a token budget: title and abstract first, then full-text sections by priority
/// (introduction, method, experiments, conclusion, then the rest); the section that crosses the budget is cut.
/// </summary>
public sealed class PaperInputAssembler
{
    private static readonly Lazy<Tokenizer> SharedTokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    private static readonly (int Priority, string[] Words)[] Priorities =
    [
        (0, ["introduction", "overview"]),
        (1, ["method", "approach", "model", "architecture", "framework", "design", "proposed", "preliminar"]),
        (2, ["experiment", "result", "evaluation", "benchmark", "analysis", "ablation"]),
        (3, ["conclusion", "discussion", "limitation", "summary"]),
    ];

    private static readonly string[] Skipped = ["reference", "bibliograph", "acknowledg", "appendix", "checklist"];

    /// <summary>Tokens in <paramref name="text"/> (o200k_base, as GPT-4o counts).</summary>
    public static int CountTokens(string text) => SharedTokenizer.Value.CountTokens(text);

    /// <summary>The input for a request within <paramref name="budget"/> tokens.</summary>
    public PaperInput Assemble(SummaryRequest request, int budget)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 64);
        var paper = request.Paper;
        var sb = new StringBuilder();
        sb.Append("arXiv: ").Append(paper.ArxivId).Append('\n');
        sb.Append("Title: ").Append(paper.FoldedTitle).Append("\n\n");
        sb.Append("Abstract:\n").Append(Cut(TextFolding.Fold(paper.Abstract), budget - CountTokens(sb.ToString()) - 1));
        var used = CountTokens(sb.ToString());
        var included = new List<string>();
        var omitted = new List<string>();
        var sections = (request.FullText?.Sections ?? [])
            .Select((s, i) => (Section: s, Order: i, Heading: string.Join(" > ", s.HeadingPath), Priority: PriorityOf(s)))
            .Where(x => x.Priority >= 0 && !string.IsNullOrWhiteSpace(x.Section.Text))
            .OrderBy(x => x.Priority).ThenBy(x => x.Order);
        foreach (var (section, _, heading, _) in sections)
        {
            var head = $"\n\n## {heading}\n";
            var room = budget - used - CountTokens(head);
            if (room < 32)
            {
                omitted.Add(heading);
                continue;
            }
            var text = Cut(section.Text.Trim(), room);
            sb.Append(head).Append(text);
            used = CountTokens(sb.ToString());
            included.Add(text.Length < section.Text.Trim().Length ? heading + " (cut)" : heading);
        }
        return new PaperInput(sb.ToString(), used, included, omitted);
    }

    private static int PriorityOf(FullTextSection section)
    {
        var top = (section.HeadingPath.Count > 0 ? section.HeadingPath[0] : "").ToLowerInvariant();
        if (Skipped.Any(top.Contains)) return -1;
        foreach (var (priority, words) in Priorities)
            if (words.Any(top.Contains)) return priority;
        return 4;
    }

    // Cuts text to at most maxTokens tokens, marking the cut.
    private static string Cut(string text, int maxTokens)
    {
        if (maxTokens <= 0) return "";
        if (CountTokens(text) <= maxTokens) return text;
        var end = SharedTokenizer.Value.GetIndexByTokenCount(text, Math.Max(0, maxTokens - 4), out _, out _);
        return text[..end].TrimEnd() + " […]";
    }
}
