namespace DailyPapers.Llm;

/// <summary>Settings of the LLM summarizers (<c>DailyPapers:Llm</c>); every one also works as an environment variable.</summary>
public sealed class LlmOptions
{
    /// <summary><c>openai</c> (or any OpenAI-compatible server), <c>ollama</c>, <c>anthropic</c>; empty selects the offline summarizer.</summary>
    public string? Provider { get; set; }

    /// <summary>Base URL; OpenAI-compatible servers end in <c>/v1</c>. Empty means the provider's public endpoint.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Model name; empty means the provider's default (<see cref="LlmProviders.DefaultModel"/>).</summary>
    public string? Model { get; set; }

    /// <summary>API key: from the environment or user secrets only, never logged. Falls back to OPENAI_API_KEY / ANTHROPIC_API_KEY.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model calls in flight at once, per provider.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Requests per minute allowed per provider; 0 means no limit.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Sampling temperature.</summary>
    public float Temperature { get; set; } = 0.2f;

    /// <summary>Most tokens a reply may have; a reply cut off there is retried once, then the paper fails.</summary>
    public int MaxOutputTokens { get; set; } = 2048;

    /// <summary>Most tokens of paper text sent (title, abstract, then full-text sections by priority), counted with o200k_base.</summary>
    public int InputTokenBudget { get; set; } = 6000;

    /// <summary>How long one HTTP attempt may take before it counts as timed out and is retried.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of one call on 429 (after Retry-After), 5xx and timeouts.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; later ones grow exponentially with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Price per million input tokens (USD), for the cost estimate; unset means the cost is unknown.</summary>
    public decimal? InputPricePerMillionTokens { get; set; }

    /// <summary>Price per million output tokens (USD).</summary>
    public decimal? OutputPricePerMillionTokens { get; set; }

    /// <summary>Stops summarizing once this estimated cost (USD) is spent in the process; needs both prices.</summary>
    public decimal? BudgetCap { get; set; }
}
