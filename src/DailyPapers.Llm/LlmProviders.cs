namespace DailyPapers.Llm;

/// <summary>The providers the LLM summarizer speaks to, with their public endpoints and default models.</summary>
public static class LlmProviders
{
    /// <summary>OpenAI or any OpenAI-compatible chat-completions server (vLLM, llama.cpp, DeepSeek, Gemini).</summary>
    public const string OpenAI = "openai";
    /// <summary>Ollama's native <c>/api/chat</c>.</summary>
    public const string Ollama = "ollama";
    /// <summary>Anthropic's Messages API.</summary>
    public const string Anthropic = "anthropic";

    /// <summary>Every provider name, as registered summarizer names.</summary>
    public static readonly IReadOnlyList<string> All = [OpenAI, Ollama, Anthropic];

    /// <summary>The endpoint used when <see cref="LlmOptions.Endpoint"/> is empty.</summary>
    public static string DefaultEndpoint(string provider) => provider switch
    {
        OpenAI => "https://api.openai.com/v1",
        Ollama => "http://localhost:11434",
        Anthropic => "https://api.anthropic.com",
        _ => throw new ArgumentException($"unknown LLM provider '{provider}' (known: {string.Join(", ", All)})", nameof(provider)),
    };

    /// <summary>The model used when <see cref="LlmOptions.Model"/> is empty.</summary>
    public static string DefaultModel(string provider) => provider switch
    {
        OpenAI => "gpt-4o-mini",
        Ollama => "llama3.1",
        Anthropic => "claude-3-5-haiku-latest",
        _ => throw new ArgumentException($"unknown LLM provider '{provider}' (known: {string.Join(", ", All)})", nameof(provider)),
    };

    /// <summary>The named HttpClient (with its retry, rate-limit and timeout pipeline) of a provider.</summary>
    public static string HttpClientName(string provider) => "DailyPapers.Llm." + provider;
}
