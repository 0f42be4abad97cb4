using DailyPapers.Collect.HuggingFace;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Publish.Markdown;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using DailyPapers.Verify;

namespace DailyPapers.Tests.Verify;

public sealed class VerificationPolicyTests
{
    private const string Bad = "이 데이터셋은 34343434시간의 실제 및 딥페이크 비디오를 포함하며, 220명의 참가자가 참여했습니다.";
    private const string Good = "이 데이터셋은 34시간의 실제 및 딥페이크 비디오를 포함하며, 220명의 참가자가 참여했습니다.";

    /// <summary>Writes the given Korean "What's New" texts in turn and records the feedback of each request. It stands in for a model's replies; it is not one.</summary>
    private sealed class ScriptedSummarizer(bool canRegenerate, params string[] replies) : ISummarizer
    {
        public List<string?> Feedback { get; } = [];
        public string Name => "scripted";
        public SummaryOrigin Origin => new("scripted", "script", "v1");
        public bool CanRegenerate => canRegenerate;
        public string OutputLanguage(string requested) => requested;

        public Task<Summary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
        {
            Feedback.Add(request.Feedback);
            var text = replies[Math.Min(Feedback.Count - 1, replies.Length - 1)];
            return Task.FromResult(new Summary
            {
                ArxivId = request.Paper.ArxivId,
                Language = request.Language,
                Origin = Origin,
                Sections =
                [
                    new(SectionNames.WhatsNew, text),
                    new(SectionNames.TechnicalDetails, "참가자들은 웹캠 앞에서 말하고 제스처를 취하는 영상을 녹화했습니다."),
                    new(SectionNames.PerformanceHighlights, "딥페이크 비디오 5958개가 얼굴 교체와 립싱크 기법으로 생성되었습니다."),
                ],
            });
        }
    }

    private static async Task<(DigestResult Result, SqlitePaperStore Store)> RunAsync(ScriptedSummarizer summarizer, VerifyOptions options, string? folder = null)
    {
        folder ??= TestPaths.NewTempFolder();
        var feed = Path.Combine(folder, "2024-08-15.json");
        await File.WriteAllTextAsync(feed, """
            [{"paper": {"id": "2408.05366", "title": "DeepSpeak Dataset v1.0", "upvotes": 6,
              "summary": "The real videos in this first version of the dataset consist of 9 hours of footage from 220 diverse individuals. Constituting more than 25 hours of footage, the fake videos consist of face-swap and lip-sync deepfakes."}}]
            """);
        var store = new SqlitePaperStore(Path.Combine(folder, "store.db"));
        var opts = Microsoft.Extensions.Options.Options.Create(options);
        ISummaryVerifier[] verifiers = [new SchemaVerifier(opts), new NumberVerifier(), new RepetitionVerifier(), new LanguageVerifier(opts)];
        var runner = new DigestRunner(store, new SummarizerCatalog([summarizer]), [], TimeProvider.System, null, verifiers, opts);
        var result = await runner.RunAsync(new DigestRequest(new DateOnly(2024, 8, 15), ["ko"]) { Source = new HuggingFaceFileSource(feed), Summarizer = "scripted" }, null, CancellationToken.None);
        return (result, store);
    }

    [Fact]
    public async Task A_reused_summary_is_checked_again_so_a_full_text_stored_since_settles_an_unverified_figure()
    {
        var folder = TestPaths.NewTempFolder();
        var summarizer = new ScriptedSummarizer(true, Good);
        var (first, store) = await RunAsync(summarizer, new VerifyOptions(), folder);
        await store.SaveFullTextAsync(new FullText
        {
            ArxivId = "2408.05366", Source = "html", Url = "https://arxiv.org/html/2408.05366",
            Sections = [new FullTextSection(["3 Deepfakes"], "In total we generated 5,958 deepfake videos.")],
        }, CancellationToken.None);

        var (second, _) = await RunAsync(summarizer, new VerifyOptions(), folder);

        Assert.Single(summarizer.Feedback);
        Assert.Contains(first.Digests[0].Items[0].Summary!.Findings, f => f.Kind == FindingKinds.Unverified && f.Text == "5958개");
        Assert.True(second.Report.Outcomes[0].Reused);
        Assert.Empty(second.Digests[0].Items[0].Summary!.Findings);
        Assert.Empty(Assert.Single(await store.GetSummariesAsync("2408.05366", CancellationToken.None)).Findings);
    }

    [Fact]
    public async Task A_flagged_summary_reused_in_strict_mode_is_dropped_and_counted()
    {
        var folder = TestPaths.NewTempFolder();
        var summarizer = new ScriptedSummarizer(false, Bad);
        await RunAsync(summarizer, new VerifyOptions(), folder);

        var (strict, _) = await RunAsync(summarizer, new VerifyOptions { Strict = true }, folder);

        Assert.Single(summarizer.Feedback);
        var failed = Assert.Single(strict.Report.Failed);
        Assert.True(failed.Reused);
        Assert.Contains("dropped (strict verification)", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_summarizer_that_can_regenerate_is_asked_once_more_with_the_findings_and_the_fixed_summary_is_kept()
    {
        var summarizer = new ScriptedSummarizer(true, Bad, Good);

        var (result, _) = await RunAsync(summarizer, new VerifyOptions());

        Assert.Equal(2, summarizer.Feedback.Count);
        Assert.Null(summarizer.Feedback[0]);
        Assert.Contains("\"34343434시간\"", summarizer.Feedback[1], StringComparison.Ordinal);
        // One defect, one finding: the repeated digit group is said in the ungrounded finding, with the source passage.
        Assert.Contains("ungrounded", summarizer.Feedback[1], StringComparison.Ordinal);
        Assert.Contains("'34' repeated 4 times", summarizer.Feedback[1], StringComparison.Ordinal);
        Assert.Contains("the paper says: \"", summarizer.Feedback[1], StringComparison.Ordinal);
        Assert.DoesNotContain("- repetition", summarizer.Feedback[1], StringComparison.Ordinal);
        var summary = Assert.Single(result.Digests[0].Items).Summary!;
        Assert.Equal(Good, summary[SectionNames.WhatsNew]);
        Assert.DoesNotContain(summary.Findings, VerifyOptions.IsDefect);
        Assert.Empty(result.Report.Warnings);
    }

    [Fact]
    public async Task A_summary_still_failing_is_kept_with_flags_in_the_markdown_and_a_warning_in_the_report()
    {
        var summarizer = new ScriptedSummarizer(true, Bad, Bad);

        var (result, _) = await RunAsync(summarizer, new VerifyOptions());

        Assert.Equal(2, summarizer.Feedback.Count);
        var warning = Assert.Single(result.Report.Warnings);
        Assert.Equal("verify", warning.Stage);
        Assert.Contains("kept with 1 verification defect after one regeneration", warning.Message, StringComparison.Ordinal);
        Assert.True(result.Report.Succeeded);
        Golden.Verify("digest-verification-flags.md", MarkdownPublisher.Render(result.Digests[0]));
    }

    [Fact]
    public async Task A_summarizer_that_cannot_regenerate_is_called_once_and_its_summary_flagged()
    {
        var summarizer = new ScriptedSummarizer(false, Bad, Good);

        var (result, _) = await RunAsync(summarizer, new VerifyOptions());

        Assert.Single(summarizer.Feedback);
        Assert.Contains(result.Digests[0].Items[0].Summary!.Findings, f => f.Kind == FindingKinds.Ungrounded && f.Text == "34343434시간");
    }

    [Fact]
    public async Task Strict_mode_drops_a_failing_summary_counts_it_as_failed_and_keeps_it_in_the_store()
    {
        var summarizer = new ScriptedSummarizer(true, Bad, Bad);

        var (result, store) = await RunAsync(summarizer, new VerifyOptions { Strict = true });

        var item = Assert.Single(result.Digests[0].Items);
        Assert.Null(item.Summary);
        var failed = Assert.Single(result.Report.Failed);
        Assert.StartsWith("dropped (strict verification): 1 verification defect", failed.Reason, StringComparison.Ordinal);
        Assert.False(result.Report.Succeeded);
        Assert.Contains("Summary unavailable", MarkdownPublisher.Render(result.Digests[0]), StringComparison.Ordinal);
        var stored = Assert.Single(await store.GetSummariesAsync("2408.05366", CancellationToken.None));
        Assert.Contains(stored.Findings, f => f.Kind == FindingKinds.Ungrounded && f.Text == "34343434시간");
        Assert.DoesNotContain(stored.Findings, f => f.Kind == FindingKinds.Repetition);
    }
}
