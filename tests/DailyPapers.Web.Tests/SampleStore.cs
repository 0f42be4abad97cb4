using DailyPapers.Collect;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Web.Tests;

/// <summary>
/// A real SQLite store filled the way a user fills it: the 2024-08-15 sample run through DigestRunner with the
/// offline summarizer; plus, clearly labelled as hand-written test data (not model output), Korean summaries of two
/// papers (one with a verification finding) and a hostile day 2024-08-16 whose paper title, summary and Hugging Face fields are markup (its authors, abstract and summary also carry NUL and bidirectional controls, which publishing removes).
/// </summary>
public sealed class SampleStore : IDisposable
{
    public static readonly DateOnly Day = BundledSampleSource.SampleDate;
    public static readonly DateOnly HostileDay = new(2024, 8, 16);
    public const string HostileTitle = "<img src=x onerror=alert(1)>";
    public const string HostileId = "2408.99999";
    public static readonly SummaryOrigin HandWritten = new("test-fixture", "hand-written", "fixture-v1");

    public SampleStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "dailypapers-web-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Folder);
        StorePath = Path.Combine(Folder, "store.db");
        FillAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>No live collection or enrichment, and every outbound URL at a closed loopback port (the shared test helper).</summary>
    public static IReadOnlyDictionary<string, string?> OfflineSettings => DailyPapers.Tests.OfflineSettings.Off;

    public string Folder { get; }
    public string StorePath { get; }
    public SqlitePaperStore Store => new(StorePath);

    private async Task FillAsync(CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
        builder.Configuration["DailyPapers:Store:Path"] = StorePath;
        foreach (var (key, value) in OfflineSettings) builder.Configuration[key] = value;
        builder.AddDailyPapersCore();
        using var host = builder.Build();
        var report = (await host.Services.GetRequiredService<DigestRunner>()
            .RunAsync(new DigestRequest(Day, ["en"]), null, ct)).Report;
        if (!report.Succeeded) throw new InvalidOperationException("the sample run failed: " + string.Join("; ", report.Failed.Select(f => f.Reason)));

        var store = Store;
        await SaveKoreanAsync(store, "2408.07246", [
            new(SectionNames.WhatsNew, "화학 분야에서 연구와 분석 능력을 강화할 수 있는 새로운 모델인 **ChemVLM**이 제안되었습니다."),
            new(SectionNames.TechnicalDetails, "ChemVLM은 ViT-MLP-LLM 아키텍처를 따르며, InternVIT-6B를 이미지 인코더로, ChemLLM-20B를 언어 모델로 사용합니다."),
            new(SectionNames.PerformanceHighlights, "여섯 가지 과제 중 다섯 가지에서 최첨단 성과를 달성했습니다."),
        ], [], ct);
        await SaveKoreanAsync(store, "2408.05366", [
            new(SectionNames.WhatsNew, "디지털 포렌식 커뮤니티를 위한 34343434시간의 실제 및 딥페이크 비디오 데이터셋입니다."),
            new(SectionNames.TechnicalDetails, "총 220명의 참가자가 녹화에 참여했습니다."),
            new(SectionNames.PerformanceHighlights, "얼굴 교체 모델 3가지와 립싱크 모델 2가지로 딥페이크를 만들었습니다."),
        ], [new Finding("repetition", FindingSeverity.Error, SectionNames.WhatsNew, "34343434시간", "over 34 hours", "the number repeats a digit group; the source says 34")], ct);

        var hostile = new DailyEntry
        {
            Date = HostileDay,
            Upvotes = 3,
            MediaUrl = "javascript:alert(2)",
            Paper = new Paper
            {
                ArxivId = HostileId, Title = HostileTitle, Authors = ["<b>Mal\u2066lory</b>\u2069"], Abstract = "<script>alert(3)</script> A paper about\u202E cross-site scripting.\0",
                HuggingFace = new HuggingFacePaperInfo
                {
                    AiSummary = "<script>alert(8)</script> A machine summary of cross-site scripting.",
                    AiKeywords = ["<i>XSS</i>", "cross-site scripting"],
                    GithubRepo = "https://github.com/example/xss\"onmouseover=\"alert(9)",
                    GithubStars = 1234,
                    ProjectPage = "javascript:alert(10)",
                    Organization = new HuggingFaceOrganization("evil-org", "<b>Evil</b> Org"),
                },
            },
        };
        var plain = new DailyEntry { Date = HostileDay, Upvotes = 1, FeedOrder = 1, Paper = (await store.GetPaperAsync("2408.07540", ct))! };
        await store.SaveDayAsync(new DayFeed(HostileDay, [hostile, plain], []), ct);
        var summary = new Summary
        {
            ArxivId = HostileId, Language = "en", Origin = HandWritten,
            Sections = [
                new(SectionNames.WhatsNew, "<script>alert(4)</script> and [a link](javascript:alert(5)) and <javascript:alert(7)> and <img src=y onerror=alert(6)>"),
                new(SectionNames.TechnicalDetails, "Plain **bold**\u202E text.\u0000\u202C"),
                new(SectionNames.PerformanceHighlights, "None."),
            ],
        };
        await store.SaveSummaryAsync(SummaryKey.For(hostile.Paper, HandWritten, "en"), summary, ct);
    }

    private static async Task SaveKoreanAsync(SqlitePaperStore store, string id, IReadOnlyList<SummarySection> sections, IReadOnlyList<Finding> findings, CancellationToken ct)
    {
        var paper = (await store.GetPaperAsync(id, ct))!;
        var summary = new Summary { ArxivId = id, Language = "ko", Sections = sections, Origin = HandWritten, Findings = findings };
        await store.SaveSummaryAsync(SummaryKey.For(paper, HandWritten, "ko"), summary, ct);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a browser or server still holding a file is cleaned with the temp folder */ }
    }
}
