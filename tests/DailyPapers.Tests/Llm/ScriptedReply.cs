namespace DailyPapers.Tests.Llm;

/// <summary>One scripted answer of the loopback model server: content with a finish reason, an HTTP error, or a delay first.</summary>
public sealed record ScriptedReply
{
    public string? Content { get; init; }
    public bool CutOff { get; init; }
    public int Status { get; init; } = 200;
    public string? RetryAfter { get; init; }
    public TimeSpan Delay { get; init; }

    public static ScriptedReply Json(string content) => new() { Content = content };
    public static ScriptedReply Truncated(string content) => new() { Content = content, CutOff = true };
    public static ScriptedReply Error(int status, string? retryAfter = null) => new() { Status = status, RetryAfter = retryAfter };
    public ScriptedReply After(TimeSpan delay) => this with { Delay = delay };

    /// <summary>A valid scripted Korean summary (written for the tests, not by a model).</summary>
    public static string KoreanJson(string what = "이 논문은 화학 이미지를 이해하는 새로운 모델을 제안합니다.") =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["What's New"] = what,
            ["Technical Details"] = "비전 트랜스포머(ViT)와 대형 언어 모델(LLM)을 결합한 구조를 사용합니다.",
            ["Performance Highlights"] = "여러 벤치마크에서 기존 모델보다 높은 정확도를 기록했습니다.",
        });
}
