using DailyPapers.Papers;
using DailyPapers.Verify;
using DailyPapers.Verify.Audit;
using static DailyPapers.Tests.Verify.VerifierTestKit;

namespace DailyPapers.Tests.Verify;

public sealed class DigestAuditorTests
{
    private static DigestAuditor Auditor() => new([new SchemaVerifier(Options()), new NumberVerifier(), new RepetitionVerifier(), new LanguageVerifier(Options())]);

    [Fact]
    public async Task A_paper_the_source_lacks_is_reported_as_unchecked_and_the_others_are_verified()
    {
        var folder = TestPaths.NewTempFolder();
        var feed = Path.Combine(folder, "2024-08-15.json");
        await File.WriteAllTextAsync(feed, """[{"paper": {"id": "2408.05366", "title": "DeepSpeak", "summary": "9 hours of footage from 220 diverse individuals."}}]""");
        var sections = Ko("총 220명의 참가자가 9시간 분량의 영상을 녹화했습니다.").Sections;
        DigestEntry[] entries =
        [
            new("2408.05366", "DeepSpeak", new DateOnly(2024, 8, 15), sections, 3),
            new("2408.99999", "Not There", new DateOnly(2024, 8, 15), sections, 9),
        ];

        var results = await Auditor().AuditAsync(entries, "ko", new HuggingFaceAuditSource(feed), CancellationToken.None);

        Assert.Empty(results[0].Findings);
        var missing = Assert.Single(results[1].Findings);
        Assert.Equal(FindingKinds.MissingSource, missing.Kind);
        Assert.Equal(FindingSeverity.Unverified, missing.Severity);
    }

    [Theory]
    [InlineData("이 모델은 새로운 방법을 제안합니다.", "ko")]
    [InlineData("このモデルは新しい方法を提案します。", "ja")]
    [InlineData("该模型提出了一种新方法。", "zh")]
    [InlineData("The model proposes a new method.", "en")]
    public void The_digest_language_is_guessed_from_its_script(string text, string language)
    {
        var entry = new DigestEntry("2408.00001", "T", null, [new SummarySection(SectionNames.WhatsNew, text)], 1);

        Assert.Equal(language, DigestAuditor.GuessLanguage([entry]));
    }
}
