using System.Threading.RateLimiting;
using DailyPapers.Pipeline;
using DailyPapers.Summarize;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace DailyPapers.Llm;

/// <summary>Registers the LLM summarizers; call after <c>AddDailyPapers</c>.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>The configuration section of the LLM settings.</summary>
    public const string Section = DailyPapersServiceCollectionExtensions.Section + ":Llm";

    /// <summary>
    /// Adds one summarizer per provider (<c>openai</c>, <c>ollama</c>, <c>anthropic</c>) to the catalog, each over an
    /// HttpClient that retries 429 (after Retry-After), 5xx and timeouts; a configured provider becomes the default summarizer.
    /// </summary>
    public static IHostApplicationBuilder AddDailyPapersLlm(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<LlmOptions>().BindConfiguration(Section);
        services.AddOptions<DigestOptions>().PostConfigure<IOptions<LlmOptions>>((digest, llm) =>
        {
            if (string.IsNullOrWhiteSpace(digest.Summarizer) && !string.IsNullOrWhiteSpace(llm.Value.Provider))
                digest.Summarizer = llm.Value.Provider.Trim().ToLowerInvariant();
        });
        services.TryAddSingleton<LlmBudget>();
        services.TryAddSingleton<PaperInputAssembler>();
        services.TryAddSingleton<ChatClientFactory>();
        foreach (var provider in LlmProviders.All)
        {
            services.AddHttpClient(LlmProviders.HttpClientName(provider))
                .ConfigureHttpClient(c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
                .AddResilienceHandler("llm", (pipeline, context) => Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<LlmOptions>>().Value));
            services.AddSingleton<ISummarizer>(sp => new LlmSummarizer(provider, sp.GetRequiredService<ChatClientFactory>(),
                sp.GetRequiredService<IOptions<LlmOptions>>(), sp.GetRequiredService<LlmBudget>(),
                sp.GetRequiredService<PaperInputAssembler>(), sp.GetRequiredService<ILogger<LlmSummarizer>>()));
        }
        return builder;
    }

    // Outer to inner: retry, rate limit (each attempt waits for a permit), per-attempt timeout.
    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, LlmOptions o)
    {
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(0, o.MaxRetries),
            Delay = o.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldRetryAfterHeader = true,
            MaxDelay = TimeSpan.FromMinutes(2),
        });
        if (o.RequestsPerMinute > 0)
        {
            pipeline.AddRateLimiter(new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, o.MaxConcurrency),
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / o.RequestsPerMinute,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        }
        if (o.Timeout > TimeSpan.Zero)
            pipeline.AddTimeout(o.Timeout);
    }
}
