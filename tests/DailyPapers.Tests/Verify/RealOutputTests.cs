using System.Collections.Concurrent;
using DailyPapers.Papers;
using DailyPapers.Verify;
using DailyPapers.Verify.Audit;

namespace DailyPapers.Tests.Verify;

/// <summary>
/// The verifiers on real GPT-4o digests (../shared/data/daily_papers_ko) checked against the real Hugging Face
/// abstracts of their day: real defects are caught with the right kind, and figures that only look alike are not.
/// </summary>
public sealed class RealOutputTests
{
    private static readonly ConcurrentDictionary<string, Task<IReadOnlyList<AuditedPaper>>> Days = new(StringComparer.Ordinal);

    internal static Task<IReadOnlyList<AuditedPaper>> AuditAsync(string day) => Days.GetOrAdd(day, async d =>
    {
        var file = Path.Combine(TestPaths.SharedData, "daily_papers_ko", d + ".md");
        var doc = DigestMarkdownReader.ReadDocument(await File.ReadAllTextAsync(file), file);
        var options = VerifierTestKit.Options();
        var auditor = new DigestAuditor([new SchemaVerifier(options), new NumberVerifier(), new RepetitionVerifier(), new LanguageVerifier(options)]);
        return await auditor.AuditAsync(doc.Entries, "ko", new HuggingFaceAuditSource(TestPaths.HfRaw2024), CancellationToken.None);
    });

    internal static async Task<IReadOnlyList<Finding>> FindingsAsync(string day, string arxivId) =>
        (await AuditAsync(day)).Single(p => p.Entry.ArxivId == arxivId).Findings;

    private static async Task<Finding> DefectAsync(string day, string arxivId, string text)
    {
        // The figure may be said in two sections (each is flagged where it stands); every such finding is the same kind.
        var these = (await FindingsAsync(day, arxivId)).Where(f => f.Severity == FindingSeverity.Error && f.Text == text).ToList();
        Assert.NotEmpty(these);
        Assert.Single(these.Select(f => f.Kind).Distinct());
        return these[0];
    }

    [Theory]
    [InlineData("2024-06-25", "2406.16338", "12개", "eleven LVLMs")]           // 12개의 LVLM against "evaluating eleven LVLMs"
    [InlineData("2024-08-06", "2408.02210", "여섯 가지", "five compositional")] // 여섯 가지 ... 작업 against "five compositional reasoning tasks"
    [InlineData("2024-07-31", "2407.20750", "0.752", "0.754")]               // an average score one digit off, beside another score (0.720)
    [InlineData("2024-06-28", "2406.18125", "91%", "top-1 accuracy of 92")]   // beside "a top-5 accuracy of 97.5\%"
    [InlineData("2024-08-06", "2408.02555", "3분의 1", "about half")]          // "거의 3분의 1로" against "about half the token sequence length"
    [InlineData("2024-06-18", "2406.11194", "다섯 가지", "four datasets")]
    public async Task A_figure_that_disagrees_with_the_abstracts_figure_for_the_same_thing_is_contradicted(string day, string id, string text, string passage)
    {
        var f = await DefectAsync(day, id, text);

        Assert.Equal(FindingKinds.Contradicted, f.Kind);
        Assert.Contains(passage, f.SourcePassage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_papers_own_model_renamed_with_other_digits_is_contradicted_and_a_size_variant_is_not()
    {
        var f = await DefectAsync("2024-05-29", "2405.17976", "2.0-M24");

        Assert.Equal(FindingKinds.Contradicted, f.Kind);
        Assert.Contains("Yuan 2.0-M32", f.SourcePassage, StringComparison.Ordinal);
        // The reference day names Aquila2-34B, LLaMA-2-70B and AquilaChat2-34B: sizes, never "renamed".
        Assert.DoesNotContain((await AuditAsync("2024-08-15")).SelectMany(p => p.Findings), x => x.Message!.Contains("own model", StringComparison.Ordinal));
    }
}
