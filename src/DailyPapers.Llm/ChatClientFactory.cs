using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OpenAI;

namespace DailyPapers.Llm;

/// <summary>
/// Makes the provider's <see cref="IChatClient"/> over the provider's named HttpClient, whose pipeline does the
/// retries, rate limit and timeouts; the SDKs' own retries are switched off so a call is never retried twice over.
/// </summary>
public sealed class ChatClientFactory(IHttpClientFactory httpClients, IOptions<LlmOptions> options)
{
    /// <summary>The chat client of <paramref name="provider"/> for <paramref name="model"/>.</summary>
    public IChatClient Create(string provider, string model)
    {
        var o = options.Value;
        var endpoint = string.IsNullOrWhiteSpace(o.Endpoint) ? LlmProviders.DefaultEndpoint(provider) : o.Endpoint.Trim();
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException("DailyPapers:Llm:Endpoint is not an absolute http(s) URL"); // never echoed: it may be a pasted secret
        var http = httpClients.CreateClient(LlmProviders.HttpClientName(provider));
        // The SDK's own network timeout must outlast every attempt of the pipeline, which enforces the real one.
        var overall = o.Timeout * (o.MaxRetries + 1) + o.RetryDelay * (1 << Math.Min(o.MaxRetries, 10)) + TimeSpan.FromMinutes(5);
        return provider switch
        {
            LlmProviders.OpenAI => new OpenAIClient(
                    new ApiKeyCredential(ApiKey(o, "OPENAI_API_KEY", baseUri.Host == "api.openai.com") ?? "not-needed"),
                    new OpenAIClientOptions
                    {
                        Endpoint = baseUri,
                        Transport = new HttpClientPipelineTransport(http),
                        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                        NetworkTimeout = overall,
                    })
                .GetChatClient(model).AsIChatClient(),
            LlmProviders.Ollama => new OllamaApiClient(WithBase(http, baseUri), model),
            LlmProviders.Anthropic => new AnthropicClient
            {
                ApiKey = ApiKey(o, "ANTHROPIC_API_KEY", baseUri.Host == "api.anthropic.com") ?? "not-needed",
                BaseUrl = baseUri.ToString().TrimEnd('/'),
                HttpClient = http,
                MaxRetries = 0,
                Timeout = overall,
            }.AsIChatClient(model, o.MaxOutputTokens),
            _ => throw new ArgumentException($"unknown LLM provider '{provider}' (known: {string.Join(", ", LlmProviders.All)})", nameof(provider)),
        };
    }

    private static HttpClient WithBase(HttpClient http, Uri baseUri)
    {
        http.BaseAddress = baseUri;
        return http;
    }

    // The configured key, else the provider's usual variable; required only by the provider's own public endpoint.
    private static string? ApiKey(LlmOptions o, string variable, bool required)
    {
        var key = !string.IsNullOrWhiteSpace(o.ApiKey) ? o.ApiKey.Trim() : Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(key) && required)
            throw new InvalidOperationException($"no API key: set DAILYPAPERS__LLM__APIKEY or {variable} in the environment, or DailyPapers:Llm:ApiKey in user secrets");
        return string.IsNullOrWhiteSpace(key) ? null : key;
    }
}
