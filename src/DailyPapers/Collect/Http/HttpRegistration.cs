using System.Net;
using DailyPapers.Collect.Arxiv;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace DailyPapers.Collect.Http;

/// <summary>The named HTTP clients of the collectors, each with the same resilience pipeline per host.</summary>
public static class HttpRegistration
{
    /// <summary>Client for huggingface.co.</summary>
    public const string HuggingFace = "huggingface";
    /// <summary>Client for every arXiv host (API, abs, html, pdf), spaced by the politeness delay.</summary>
    public const string Arxiv = "arxiv";

    /// <summary>Registers the options, gates and both clients.</summary>
    public static IServiceCollection AddDailyPapersHttp(this IServiceCollection services)
    {
        services.AddCheckedOptions<HttpOptions>($"{DailyPapersServiceCollectionExtensions.Section}:Http", (o, check) => check
            .That(!string.IsNullOrWhiteSpace(o.UserAgent), $"{check.Key(nameof(o.UserAgent))} is empty; arXiv asks clients to identify themselves")
            .Duration(o.ConnectTimeout, nameof(o.ConnectTimeout))
            .Duration(o.AttemptTimeout, nameof(o.AttemptTimeout))
            .Duration(o.TotalTimeout, nameof(o.TotalTimeout))
            .AtLeast(o.MaxRetries, 0, nameof(o.MaxRetries))
            .Duration(o.RetryBaseDelay, nameof(o.RetryBaseDelay), zeroAllowed: true)
            .Duration(o.MaxRetryDelay, nameof(o.MaxRetryDelay), zeroAllowed: true)
            .Duration(o.BreakDuration, nameof(o.BreakDuration))
            .Duration(o.UnreachableCooldown, nameof(o.UnreachableCooldown), zeroAllowed: true)
            .AtLeast(o.MaxResponseBytes, 1, nameof(o.MaxResponseBytes)));
        services.AddSingleton<UnreachableHosts>();
        services.AddKeyedSingleton(HuggingFace, (sp, _) => new PolitenessGate(() => TimeSpan.Zero, sp.GetRequiredService<TimeProvider>()));
        services.AddKeyedSingleton(Arxiv, (sp, _) =>
        {
            var arxiv = sp.GetRequiredService<IOptionsMonitor<ArxivOptions>>();
            // With workers on, the spacing is kept for every worker process together (ISharedRequestPacing)
            return new PolitenessGate(() => arxiv.CurrentValue.PolitenessDelay, sp.GetRequiredService<TimeProvider>(), sp.GetService<ISharedRequestPacing>(), "http:" + Arxiv);
        });
        services.AddTransient<ReachabilityHandler>();
        services.AddTransient<BufferingHandler>();
        Add(services, HuggingFace);
        Add(services, Arxiv);
        return services;
    }

    private static void Add(IServiceCollection services, string name) => AddResilientClient(services, name);

    /// <summary>
    /// A named client with the collectors' pipeline (timeouts, retries honouring Retry-After, circuit breaker per host).
    /// A name without a politeness gate gets one with no delay. <paramref name="quiet"/> removes the factory's request
    /// logging, whose lines carry the full URL (for delivery clients, a bot token or a webhook secret).
    /// </summary>
    internal static IHttpClientBuilder AddResilientClient(IServiceCollection services, string name, bool quiet = false)
    {
        if (!services.Any(d => d.ServiceType == typeof(PolitenessGate) && Equals(d.ServiceKey, name)))
            services.AddKeyedSingleton(name, (sp, _) => new PolitenessGate(() => TimeSpan.Zero, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<UnreachableHosts>();
        services.TryAddTransient<ReachabilityHandler>();
        services.TryAddTransient<BufferingHandler>();
        var builder = services.AddHttpClient(name, (sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<HttpOptions>>().Value;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(o.UserAgent);
                client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts rule
                client.MaxResponseContentBufferSize = o.MaxResponseBytes;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = sp.GetRequiredService<IOptions<HttpOptions>>().Value.ConnectTimeout,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddHttpMessageHandler<ReachabilityHandler>();
        builder.AddResilienceHandler("resilience", (pipeline, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<HttpOptions>>().Value;
                pipeline.AddTimeout(o.TotalTimeout);
                pipeline.AddRetry(RetryOptions(o, context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Http.Retry"), name));
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.7,
                    MinimumThroughput = 6,
                    SamplingDuration = TimeSpan.FromSeconds(60),
                    BreakDuration = o.BreakDuration,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome) || args.Outcome.Exception is { } e && HttpFailure.IsUnreachable(e)),
                });
                pipeline.AddStrategy(_ => new PolitenessStrategy(context.ServiceProvider.GetRequiredKeyedService<PolitenessGate>(name)), new PolitenessStrategyOptions());
                pipeline.AddTimeout(o.AttemptTimeout);
            })
            .SelectPipelineByAuthority();
        builder.AddHttpMessageHandler<BufferingHandler>();
        if (quiet) builder.RemoveAllLoggers();
        return builder;
    }

    private static HttpRetryStrategyOptions RetryOptions(HttpOptions o, ILogger logger, string client)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, o.MaxRetries), // Polly needs at least 1; MaxRetries <= 0 turns ShouldHandle off below
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = o.RetryBaseDelay,
            MaxDelay = o.MaxRetryDelay,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(o.MaxRetries > 0 && IsTransient(args.Outcome)),
        };
        // One line per retry (Polly's own events, which carry stack traces, are filtered out by the composition root)
        retry.OnRetry = args =>
        {
            logger.LogWarning("{Client} request {Problem}: retry {Retry} of {Max} in {Delay:0.0} s",
                client, RetryLog.Describe(args.Outcome), args.AttemptNumber + 1, o.MaxRetries, args.RetryDelay.TotalSeconds);
            return ValueTask.CompletedTask;
        };
        // Set after ShouldRetryAfterHeader (which replaces the generator): our own reading, capped at MaxRetryDelay.
        retry.DelayGenerator = args => RetryAfterAsync(args.Outcome.Result, o.MaxRetryDelay);
        return retry;
    }

    /// <summary>Worth retrying: 408, 429, 5xx, timeouts, broken connections; not an unreachable host.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: { } e } when HttpFailure.IsUnreachable(e) => false,
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException or IOException } => true,
        { Result: { } r } => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500,
        _ => false,
    };

    /// <summary>
    /// The wait a 429 asks for: the Retry-After header (Slack, most services), else the JSON body's <c>retry_after</c>
    /// (Discord, in seconds) or <c>parameters.retry_after</c> (Telegram's Bot API); capped; null to use back-off.
    /// </summary>
    internal static async ValueTask<TimeSpan?> RetryAfterAsync(HttpResponseMessage? response, TimeSpan cap)
    {
        if (RetryAfter(response, cap) is { } header) return header;
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests } || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
            return null;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
            var root = json.RootElement;
            if (root.ValueKind != System.Text.Json.JsonValueKind.Object) return null;
            var value = root.TryGetProperty("retry_after", out var top) ? top
                : root.TryGetProperty("parameters", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.Object && p.TryGetProperty("retry_after", out var inner) ? inner
                : default;
            if (value.ValueKind != System.Text.Json.JsonValueKind.Number || !value.TryGetDouble(out var seconds) || double.IsNaN(seconds)) return null;
            var wait = TimeSpan.FromSeconds(Math.Clamp(seconds, 0, cap.TotalSeconds));
            return wait;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The wait a 429/503 asks for in Retry-After (seconds or a date), capped; null to use back-off.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is not { } w) return null;
        return w < TimeSpan.Zero ? TimeSpan.Zero : w > cap ? cap : w;
    }
}
