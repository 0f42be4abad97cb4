using DailyPapers.Collect;
using DailyPapers.Collect.ArxivListings;
using DailyPapers.Collect.Biorxiv;
using DailyPapers.Enrich;
using DailyPapers.Pipeline;
using DailyPapers.Rank;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using DailyPapers.Summarize.Extractive;
using DailyPapers.Summarize.Extractive.Model;
using DailyPapers.Verify;
using DailyPapers.Verify.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DailyPapers;

/// <summary>
/// The core's registrations (store, offline summarizer, sources, verifiers, stages). Hosts call <c>AddDailyPapers</c>
/// of DailyPapers.Hosting, which adds this, the LLM summarizers and the host-wide configuration sources.
/// </summary>
public static class DailyPapersServiceCollectionExtensions
{
    /// <summary>The configuration section every setting lives under.</summary>
    public const string Section = "DailyPapers";

    /// <summary>Registers options (checked at start), the store, summarizers, sources, stages and the pipeline.</summary>
    public static IHostApplicationBuilder AddDailyPapersCore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Retries log one line each (RetryLog) and the final failure is reported by the stage that made the call;
        // Polly's own per-attempt events would repeat both with a stack trace each.
        builder.Logging.AddFilter(Collect.Http.RetryLog.PollyCategory, LogLevel.None);
        // Checked by StoreFactory when the store is first needed; the store module (DailyPapers.Postgres) owns its start-up check.
        services.AddOptions<StoreOptions>().BindConfiguration($"{Section}:Store");
        services.AddCheckedOptions<DigestOptions>($"{Section}:Digest", CheckDigest);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPaperStore>(StoreFactory.Create); // by DailyPapers:Store:Provider (sqlite or postgres)

        // The CSAbstruct-trained role model (embedded, loaded once); RuleBasedRoleClassifier remains as a fallback to register instead.
        services.TryAddSingleton<ISentenceRoleClassifier>(_ => TrainedRoleClassifier.Default);
        services.AddSingleton<ISummarizer, ExtractiveSummarizer>();
        services.TryAddSingleton<SummarizerCatalog>();

        // Default sources, tried in order when no --source is given and the store lacks the day.
        builder.AddBiorxiv(); // bioRxiv / medRxiv of DailyPapers:Sources:Biorxiv:Server first, when set
        builder.AddArxivListings(); // arXiv listings of DailyPapers:Sources:Arxiv:Categories first, when set
        services.AddLiveCollection(); // the live Hugging Face API first, then the bundled sample when it has no day or no network
        services.AddSingleton<IDaySource, BundledSampleSource>();

        // Verification after summarizing (numbers, repetition, language, schema) and the digest audit.
        services.AddCheckedOptions<VerifyOptions>($"{Section}:Verify", CheckVerify);
        services.AddSingleton<ISummaryVerifier, SchemaVerifier>();
        services.AddSingleton<ISummaryVerifier, NumberVerifier>();
        services.AddSingleton<ISummaryVerifier, RepetitionVerifier>();
        services.AddSingleton<ISummaryVerifier, LanguageVerifier>();
        services.TryAddSingleton<DigestAuditor>();

        // The stages, composed by the digest runner and the day fetcher.
        services.TryAddSingleton<CollectStage>();
        services.TryAddSingleton<EnrichStage>();
        services.TryAddSingleton<SummarizeStage>();
        services.TryAddSingleton<IDayRanker, VotesThenKeywordsRanker>(); // the cost cascade's ranking (digest --top)
        services.AddDailyPapersRanking(builder.Configuration); // profiles, vectors, the encoder (loaded on first use)
        services.TryAddSingleton(sp => new DigestRunner(sp.GetRequiredService<IPaperStore>(), sp.GetRequiredService<SummarizerCatalog>(),
            sp.GetRequiredService<CollectStage>(), sp.GetRequiredService<EnrichStage>(), sp.GetRequiredService<SummarizeStage>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IDayRanker>()));
        return builder;
    }

    private static void CheckDigest(DigestOptions o, SettingsCheck check)
    {
        if (o.Top is { } top) check.AtLeast(top, 1, nameof(o.Top));
        try
        {
            DigestOptions.ParseLanguages(o.Language);
        }
        catch (ArgumentException ex)
        {
            check.That(false, $"{check.Key("Language")}: {ex.Message}");
        }
    }

    private static void CheckVerify(VerifyOptions o, SettingsCheck check) => check
        .AtLeast(o.MinSectionLength, 0, nameof(o.MinSectionLength))
        .AtLeast(o.MaxSectionLength, 1, nameof(o.MaxSectionLength))
        .That(o.MinSectionLength <= o.MaxSectionLength, $"{check.Key("MinSectionLength")} ({o.MinSectionLength}) is above {check.Key("MaxSectionLength")} ({o.MaxSectionLength})")
        .Between(o.MinTargetScriptShare, 0, 1, nameof(o.MinTargetScriptShare))
        .Between(o.MinSectionScriptShare, 0, 1, nameof(o.MinSectionScriptShare));
}
