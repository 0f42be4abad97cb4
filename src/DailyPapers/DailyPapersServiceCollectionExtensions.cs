using DailyPapers.Collect;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using DailyPapers.Summarize;
using DailyPapers.Summarize.Extractive;
using DailyPapers.Verify;
using DailyPapers.Verify.Audit;
using DailyPapers.Summarize.Extractive.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DailyPapers;

/// <summary>The one registration entry point shared by the CLI and the web app.</summary>
public static class DailyPapersServiceCollectionExtensions
{
    /// <summary>The configuration section every setting lives under.</summary>
    public const string Section = "DailyPapers";

    /// <summary>Registers options, the store, summarizers, sources and the pipeline.</summary>
    public static IHostApplicationBuilder AddDailyPapers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<StoreOptions>().BindConfiguration($"{Section}:Store");
        services.AddOptions<DigestOptions>().BindConfiguration($"{Section}:Digest");

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPaperStore>(StoreFactory.Create); // by DailyPapers:Store:Provider (sqlite or postgres)

        // The CSAbstruct-trained role model (embedded, loaded once); RuleBasedRoleClassifier remains as a fallback to register instead.
        services.TryAddSingleton<ISentenceRoleClassifier>(_ => TrainedRoleClassifier.Default);
        services.AddSingleton<ISummarizer, ExtractiveSummarizer>();
        services.TryAddSingleton<SummarizerCatalog>();

        // Default sources, tried in order when no --source is given and the store lacks the day.
        services.AddLiveCollection(); // the live Hugging Face API first, then the bundled sample when it has no day or no network
        services.AddSingleton<IDaySource, BundledSampleSource>();

        // Verification after summarizing (numbers, repetition, language, schema) and the digest audit.
        services.AddOptions<VerifyOptions>().BindConfiguration($"{Section}:Verify");
        services.AddSingleton<ISummaryVerifier, SchemaVerifier>();
        services.AddSingleton<ISummaryVerifier, NumberVerifier>();
        services.AddSingleton<ISummaryVerifier, RepetitionVerifier>();
        services.AddSingleton<ISummaryVerifier, LanguageVerifier>();
        services.TryAddSingleton<DigestAuditor>();

        services.TryAddSingleton<DigestRunner>();
        return builder;
    }
}
