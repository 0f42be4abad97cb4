using DailyPapers.Papers;
using DailyPapers.Summarize;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DailyPapers.Llm;

/// <summary>
/// Summarizes a paper with a chat model of one provider: the paper text within the token budget, the sections by
/// JSON schema, in any language. A reply that is not usable is retried once with the problem stated; a second
/// failure, or a call that fails after the HTTP retries, becomes a <see cref="SummarizationException"/>.
/// </summary>
public sealed class LlmSummarizer : ISummarizer, IDisposable
{
    private readonly IOptions<LlmOptions> _options;
    private readonly LlmBudget _budget;
    private readonly PaperInputAssembler _assembler;
    private readonly ILogger<LlmSummarizer> _logger;
    private readonly Lazy<IChatClient> _client;
    private readonly IModelCallGate _gate;
    private readonly LocalModelCallGate? _ownGate;

    /// <summary>A summarizer named after its provider (<see cref="LlmProviders"/>).</summary>
    public LlmSummarizer(string provider, ChatClientFactory clients, IOptions<LlmOptions> options, LlmBudget budget,
        PaperInputAssembler assembler, ILogger<LlmSummarizer> logger, IModelCallGate? gate = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        Name = provider;
        _options = options;
        _budget = budget;
        _assembler = assembler;
        _logger = logger;
        var model = string.IsNullOrWhiteSpace(options.Value.Model) ? LlmProviders.DefaultModel(provider) : options.Value.Model.Trim();
        Origin = new SummaryOrigin(provider, model, SummaryPrompt.Version);
        _client = new Lazy<IChatClient>(() => clients.Create(provider, model));
        // Without a shared gate (tests, tools) the summarizer keeps the limit for itself.
        _ownGate = gate is null ? new LocalModelCallGate(options) : null;
        _gate = gate ?? _ownGate!;
    }

    /// <summary>
    /// Papers a run should process at once for <paramref name="maxConcurrency"/> model calls: twice as many, so a paper's
    /// store reads, verification and store write overlap other papers' calls while the gate keeps calls at the limit.
    /// </summary>
    public static int RunnerConcurrency(int maxConcurrency) => Math.Max(1, maxConcurrency) * 2;

    /// <summary>Twice <see cref="LlmOptions.MaxConcurrency"/> papers at once (<see cref="RunnerConcurrency"/>); the gate keeps model calls at the limit.</summary>
    public int MaxConcurrency => RunnerConcurrency(_options.Value.MaxConcurrency);

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public SummaryOrigin Origin { get; }

    /// <summary>True: asked again with <see cref="SummaryRequest.Feedback"/> (verification findings), the model can do better.</summary>
    public bool CanRegenerate => true;

    /// <summary>True: every summary is a model server's reply.</summary>
    public bool AwaitsReplies => true;

    /// <summary>Any language: the model is told to write in the one requested.</summary>
    public string OutputLanguage(string requested) => requested;

    /// <inheritdoc />
    public async Task<Summary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = _options.Value;
        var input = _assembler.Assemble(request, Math.Max(64, o.InputTokenBudget - SummaryPrompt.FenceTokens));
        var chatOptions = new ChatOptions
        {
            ModelId = Origin.Model,
            Temperature = o.Temperature,
            MaxOutputTokens = o.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(SummaryPrompt.Schema, SummaryPrompt.SchemaName, "A research paper summary in named sections"),
        };
        var usage = ModelUsage.None;
        var feedback = request.Feedback;
        string? problem = null;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            // The prompt is made before the call slot is taken, and the slot is given back as soon as the reply is in:
            // reading the reply (and the caller's verification and store write) never holds up the next paper's call.
            var messages = SummaryPrompt.Messages(request, input, feedback);
            ChatResponse response;
            ModelUsage callUsage;
            var slot = await _gate.EnterAsync(Name, cancellationToken).ConfigureAwait(false);
            try
            {
                _budget.EnsureRoom(usage); // checked once the slot is ours: calls that ended while this one waited are counted
                response = await CallAsync(messages, chatOptions, usage, cancellationToken).ConfigureAwait(false);
                callUsage = _budget.Price(response.Usage);
                _budget.Record(callUsage); // before the slot is free, so the budget check of the next call counts this one
            }
            finally
            {
                await slot.DisposeAsync().ConfigureAwait(false);
            }
            // Let the call waiting for the slot just freed start on this thread first (it was queued here by the release)
            await Task.Yield();
            usage += callUsage;
            var reply = SummaryReply.Read(response, request.Language);
            if (reply.Problem is null)
            {
                return new Summary
                {
                    ArxivId = request.Paper.ArxivId,
                    Language = request.Language,
                    Sections = reply.Sections,
                    Origin = Origin,
                    Usage = usage,
                };
            }
            problem = reply.Problem;
            _logger.LogWarning("{Provider} {Model}: {ArxivId} [{Language}] attempt {Attempt}: {Problem}", Name, Origin.Model, request.Paper.ArxivId, request.Language, attempt, problem);
            feedback = string.IsNullOrWhiteSpace(request.Feedback) ? problem : request.Feedback + "\n" + problem;
        }
        throw new SummarizationException($"{Name} {Origin.Model}: {problem} (also after a retry that stated the problem)") { Usage = usage };
    }

    private async Task<ChatResponse> CallAsync(IList<ChatMessage> messages, ChatOptions chatOptions, ModelUsage usage, CancellationToken ct)
    {
        var attempts = AttemptCounter.Begin();
        try
        {
            return await _client.Value.GetResponseAsync(messages, chatOptions, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is not InvalidOperationException and not SummarizationException)
        {
            throw new SummarizationException($"{Name} {Origin.Model}: {CallFailure.Describe(ex, _options.Value, attempts.Value)}", ex) { Usage = usage };
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _ownGate?.Dispose();
        if (_client.IsValueCreated) _client.Value.Dispose();
    }
}
