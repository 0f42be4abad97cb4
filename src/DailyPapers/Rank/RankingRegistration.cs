using DailyPapers.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DailyPapers.Rank;

/// <summary>Registers the semantic layer: the encoder (loaded on first use only), paper vectors, profiles and their ranker.</summary>
public static class RankingRegistration
{
    /// <summary>Adds the encoder, <see cref="PaperVectors"/>, <see cref="ProfileRanker"/>, <see cref="SimilarPapers"/>, <see cref="HybridSearch"/> and <c>DailyPapers:Profiles</c>.</summary>
    public static IServiceCollection AddDailyPapersRanking(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ProfilesOptions>().Configure(o => configuration.GetSection($"{DailyPapersServiceCollectionExtensions.Section}:Profiles").Bind(o.Profiles));
        // Constructing the encoder does not load the model: that waits for the first text to encode (or a ranker that
        // knows it will encode). The optimized model is cached per user, so later starts load faster.
        services.TryAddSingleton<ITextEncoder>(_ => new MiniLmEncoder(MiniLmEncoder.DefaultCacheFolder()));
        services.TryAddSingleton<IPaperVectors>(sp => sp.GetRequiredService<IPaperStore>() as IPaperVectors
            ?? throw new InvalidOperationException("the configured store does not keep paper vectors"));
        services.TryAddSingleton<PaperVectors>();
        services.TryAddSingleton(sp => new VectorIndex(sp.GetRequiredService<IPaperVectors>(), sp.GetRequiredService<ITextEncoder>().Model));
        services.TryAddSingleton<ProfileRanker>();
        services.TryAddSingleton<SimilarPapers>();
        services.TryAddSingleton<HybridSearch>();
        return services;
    }
}
