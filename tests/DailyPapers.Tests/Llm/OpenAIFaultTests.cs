using DailyPapers.Llm;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Llm;

/// <summary>Every fault of a model reply ends as a retry that succeeds or as a failed paper with a named reason.</summary>
public sealed class OpenAIFaultTests : ScriptedServerTests
{
    private const string Paper = "2408.07246";
    public static TheoryData<string, ScriptedReply[], int, string, string?> Faults() => new()
    {
        { "invalid JSON, then valid", [ScriptedReply.Json("{\"What's New\": \"잘린"), ScriptedReply.Json(ScriptedReply.KoreanJson())], 2, "not valid JSON", null },
        { "invalid JSON twice", [ScriptedReply.Json("Sure! Here is the summary: 이 논문은...")], 2, "not valid JSON", "not valid JSON" },
        { "missing required key twice", [ScriptedReply.Json("{\"What's New\": \"새로운 방법입니다.\", \"Technical Details\": \"구조입니다.\"}")], 2, "\"Performance Highlights\" is missing", "required section \"Performance Highlights\" is missing" },
        { "wrong language, then Korean", [ScriptedReply.Json("{\"What's New\":\"A new model.\",\"Technical Details\":\"It uses a ViT.\",\"Performance Highlights\":\"It is better.\"}"), ScriptedReply.Json(ScriptedReply.KoreanJson())], 2, "not in Korean", null },
        { "wrong language twice", [ScriptedReply.Json("{\"What's New\":\"提出了一种新模型。\",\"Technical Details\":\"使用视觉变换器。\",\"Performance Highlights\":\"性能更好。\"}")], 2, "not in Korean", "the text is not in Korean" },
        { "cut off twice", [ScriptedReply.Truncated(ScriptedReply.KoreanJson())], 2, "cut off", "cut off at the output token limit" },
        { "500, then valid", [ScriptedReply.Error(500), ScriptedReply.Json(ScriptedReply.KoreanJson())], 2, "", null },
        { "500 on every attempt", [ScriptedReply.Error(500)], 4, "", "HTTP 500 (InternalServerError) after 4 attempts" },
        { "slower than the timeout, then valid", [ScriptedReply.Json(ScriptedReply.KoreanJson()).After(TimeSpan.FromSeconds(10)), ScriptedReply.Json(ScriptedReply.KoreanJson())], 2, "", null },
        { "slower than the timeout every time", [ScriptedReply.Json(ScriptedReply.KoreanJson()).After(TimeSpan.FromSeconds(10))], 4, "", "no reply within 00:00:01.5000000" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_is_retried_and_then_either_succeeds_or_names_the_failed_paper(string fault, ScriptedReply[] script, int expectedCalls, string feedbackOnRetry, string? failure)
    {
        // Given a paper whose scripted replies carry the fault, and a 1.5 s attempt timeout when a reply is slow
        Server.Script(Paper, script);
        var timeout = script.Any(r => r.Delay > TimeSpan.Zero) ? "00:00:01.5" : "00:00:20";
        using var host = LlmTestHost.Create(Server, LlmProviders.OpenAI, new Dictionary<string, string?> { ["Timeout"] = timeout });

        // When the day is summarized
        var result = await host.RunSampleDayAsync();

        // Then the paper was retried, and either stored or reported as failed with the reason
        var calls = Server.RequestsFor(Paper);
        Assert.True(expectedCalls == calls.Count, $"{fault}: expected {expectedCalls} calls, got {calls.Count}");
        if (feedbackOnRetry.Length > 0)
            Assert.True(calls[1].UserText.Contains(feedbackOnRetry, StringComparison.Ordinal), $"{fault}: the retry does not state the problem: ...{calls[1].UserText[^300..]}");
        var outcome = LlmTestHost.Outcome(result.Report, Paper);
        var others = result.Report.Outcomes.Where(o => o.ArxivId != Paper).ToList();
        Assert.Equal(7, others.Count(o => o.Status == PaperStatus.Done));
        if (failure is null)
        {
            Assert.Equal(PaperStatus.Done, outcome.Status);
            Assert.True(result.Report.Succeeded);
        }
        else
        {
            Assert.Equal(PaperStatus.Failed, outcome.Status);
            Assert.Contains(failure, outcome.Reason, StringComparison.Ordinal);
            Assert.StartsWith("openai scripted-model: ", outcome.Reason, StringComparison.Ordinal);
            Assert.False(result.Report.Succeeded);
            Assert.Null(await host.Store.GetSummaryAsync(DailyPapers.Storage.SummaryKey.For(result.Day.Entries.Single(e => e.Paper.ArxivId == Paper).Paper,
                new SummaryOrigin("openai", "scripted-model", SummaryPrompt.Version), "ko"), CancellationToken.None));
            Assert.Contains(result.Digests[0].Items, i => i.Entry.Paper.ArxivId == Paper && i.Summary is null && i.FailureReason == outcome.Reason);
        }
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_delay()
    {
        // Given a server that first answers 429 with Retry-After: 1
        Server.Script(Paper, ScriptedReply.Error(429, retryAfter: "1"), ScriptedReply.Json(ScriptedReply.KoreanJson()));
        using var host = LlmTestHost.Create(Server, LlmProviders.OpenAI);

        // When the day is summarized
        var result = await host.RunSampleDayAsync();

        // Then the second request came at least a second later and the paper is done
        var calls = Server.RequestsFor(Paper);
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
        Assert.Equal(PaperStatus.Done, LlmTestHost.Outcome(result.Report, Paper).Status);
    }
}
