using System.Threading.RateLimiting;
using DailyPapers.Collect.Http;
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

/// <summary>Registers the LLM summarizers; the composition root (<c>AddDailyPapers</c> of DailyPapers.Hosting) calls it for every host.</summary>
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
        services.AddCheckedOptions<LlmOptions>(Section, Check);
        services.AddOptions<DigestOptions>().PostConfigure<IOptions<LlmOptions>>((digest, llm) =>
        {
            if (string.IsNullOrWhiteSpace(digest.Summarizer) && !string.IsNullOrWhiteSpace(llm.Value.Provider))
                digest.Summarizer = llm.Value.Provider.Trim().ToLowerInvariant();
        });
        services.TryAddSingleton<LlmBudget>();
        services.TryAddSingleton<PaperInputAssembler>();
        services.TryAddSingleton<ChatClientFactory>();
        services.TryAddSingleton<IModelCallGate, LocalModelCallGate>(); // workers replace it with the shared one
        foreach (var provider in LlmProviders.All)
        {
            services.AddHttpClient(LlmProviders.HttpClientName(provider))
                .ConfigureHttpClient(c => c.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
                .AddResilienceHandler("llm", (pipeline, context) => Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<LlmOptions>>().Value,
                    context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Llm.Retry")));
            services.AddHttpClient(LlmProviders.HttpClientName(provider)).AddHttpMessageHandler(() => new AttemptCounter.Handler());
            services.AddSingleton<ISummarizer>(sp => new LlmSummarizer(provider, sp.GetRequiredService<ChatClientFactory>(),
                sp.GetRequiredService<IOptions<LlmOptions>>(), sp.GetRequiredService<LlmBudget>(),
                sp.GetRequiredService<PaperInputAssembler>(), sp.GetRequiredService<ILogger<LlmSummarizer>>(), sp.GetRequiredService<IModelCallGate>()));
        }
        return builder;
    }

    // Checked when the host starts, so a wrong setting stops the run before any paper is read, naming its key.
    private static void Check(LlmOptions o, SettingsCheck check)
    {
        var provider = o.Provider?.Trim() ?? "";
        check.That(provider.Length == 0 || LlmProviders.All.Contains(provider, StringComparer.OrdinalIgnoreCase),
                $"{check.Key("Provider")} '{provider}' is not a provider (use {string.Join(", ", LlmProviders.All)}, or leave it empty for the offline summarizer)")
            .Url(o.Endpoint, nameof(o.Endpoint), optional: true)
            .AtLeast(o.MaxConcurrency, 1, nameof(o.MaxConcurrency))
            .AtLeast(o.RequestsPerMinute, 0, nameof(o.RequestsPerMinute))
            .Between(o.Temperature, 0, 2, nameof(o.Temperature))
            .AtLeast(o.MaxOutputTokens, 1, nameof(o.MaxOutputTokens))
            .AtLeast(o.InputTokenBudget, 128, nameof(o.InputTokenBudget))
            .Duration(o.Timeout, nameof(o.Timeout), zeroAllowed: true)
            .AtLeast(o.MaxRetries, 0, nameof(o.MaxRetries))
            .Duration(o.RetryDelay, nameof(o.RetryDelay), zeroAllowed: true)
            .That(o.InputPricePerMillionTokens is not < 0, $"{check.Key(nameof(o.InputPricePerMillionTokens))} must not be negative")
            .That(o.OutputPricePerMillionTokens is not < 0, $"{check.Key(nameof(o.OutputPricePerMillionTokens))} must not be negative")
            .That(o.BudgetCap is not < 0, $"{check.Key(nameof(o.BudgetCap))} must not be negative");
        if (o.BudgetCap is not null && (o.InputPricePerMillionTokens is null || o.OutputPricePerMillionTokens is null))
            check.That(false, $"{check.Key(nameof(o.BudgetCap))} is set but {check.Key(nameof(o.InputPricePerMillionTokens))} and {check.Key(nameof(o.OutputPricePerMillionTokens))} are not both set; the cap needs both prices to estimate the cost");
    }

    // Outer to inner: retry, rate limit (each attempt waits for a permit), per-attempt timeout.
    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, LlmOptions o, ILogger logger)
    {
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(0, o.MaxRetries),
            Delay = o.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldRetryAfterHeader = true,
            MaxDelay = TimeSpan.FromMinutes(2),
            // One line per retry (Polly's own events, which carry stack traces, are filtered out by the composition root)
            OnRetry = args =>
            {
                logger.LogWarning("model call {Problem}: retry {Retry} of {Max} in {Delay:0.0} s",
                    RetryLog.Describe(args.Outcome), args.AttemptNumber + 1, o.MaxRetries, args.RetryDelay.TotalSeconds);
                return ValueTask.CompletedTask;
            },
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
