using DailyPapers.Papers;
using DailyPapers.Summarize;
using DailyPapers.Verify;
using Microsoft.Extensions.Options;

namespace DailyPapers.Tests.Verify;

/// <summary>Builds requests and summaries for verifier tests.</summary>
internal static class VerifierTestKit
{
    public static IOptions<VerifyOptions> Options(VerifyOptions? o = null) => Microsoft.Extensions.Options.Options.Create(o ?? new VerifyOptions());

    public static SummaryRequest Request(string abs, string? fullText = null, string language = "ko") =>
        new(new Paper { ArxivId = "2408.00001", Title = "A Paper", Abstract = abs }, language)
        {
            FullText = fullText is null ? null : new FullText
            {
                ArxivId = "2408.00001", Source = "html", Url = "https://arxiv.org/html/2408.00001",
                Sections = [new FullTextSection(["1 Introduction"], fullText)],
            },
        };

    public static Summary Summary(string language, params (string Name, string Text)[] sections) => new()
    {
        ArxivId = "2408.00001",
        Language = language,
        Sections = [.. sections.Select(s => new SummarySection(s.Name, s.Text))],
        Origin = new SummaryOrigin("test", "none", "v0"),
    };

    public static Summary Ko(string whatsNew) => Summary("ko",
        (SectionNames.WhatsNew, whatsNew),
        (SectionNames.TechnicalDetails, "이 방법은 새로운 구조를 사용하여 데이터를 효율적으로 처리합니다."),
        (SectionNames.PerformanceHighlights, "기존 방법보다 더 나은 성능을 보여주었습니다."));

    public static async Task<IReadOnlyList<Finding>> RunAsync(ISummaryVerifier verifier, SummaryRequest request, Summary summary) =>
        await verifier.VerifyAsync(request, summary, CancellationToken.None);
}
