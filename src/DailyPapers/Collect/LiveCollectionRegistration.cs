using DailyPapers.Collect.Arxiv;
using DailyPapers.Collect.Http;
using DailyPapers.Collect.HuggingFace;
using DailyPapers.Enrich;
using DailyPapers.Enrich.PaperText;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DailyPapers.Collect;

/// <summary>Registers live collection: the Hugging Face API source, the arXiv client, the enrichers and the day fetcher.</summary>
public static class LiveCollectionRegistration
{
    /// <summary>Adds the live API as a default source (call before the bundled sample is added, so it is tried first).</summary>
    public static IServiceCollection AddLiveCollection(this IServiceCollection services)
    {
        var section = DailyPapersServiceCollectionExtensions.Section;
        services.AddCheckedOptions<HuggingFaceOptions>($"{section}:HuggingFace", (o, check) => check.Url(o.BaseUrl, nameof(o.BaseUrl))
            .That(HuggingFaceOptions.Periods.Contains(o.Period), $"{check.Key(nameof(o.Period))} is not a period: expected {string.Join(", ", HuggingFaceOptions.Periods)}")
            .That(o.Sort.Length == 0 || HuggingFaceOptions.Sorts.Contains(o.Sort), $"{check.Key(nameof(o.Sort))} is not an order: expected empty or {string.Join(", ", HuggingFaceOptions.Sorts)}")
            .That(o.Limit is >= 0 and <= 100, $"{check.Key(nameof(o.Limit))} is {o.Limit}: expected 0 (the API's default) to 100")
            .That(o.Pages is >= 1 and <= 100, $"{check.Key(nameof(o.Pages))} is {o.Pages}: expected 1 to 100"));
        services.AddCheckedOptions<ArxivOptions>($"{section}:Arxiv", (o, check) => check
            .Url(o.ApiUrl, nameof(o.ApiUrl))
            .Url(o.BaseUrl, nameof(o.BaseUrl))
            .Duration(o.PolitenessDelay, nameof(o.PolitenessDelay), zeroAllowed: true)
            .AtLeast(o.BatchSize, 1, nameof(o.BatchSize))
            .AtLeast(o.PageSize, 1, nameof(o.PageSize))
            .AtLeast(o.FullTextMaxChars, 1, nameof(o.FullTextMaxChars)));
        services.AddDailyPapersHttp();
        services.TryAddSingleton<HuggingFaceApiSource>();
        services.TryAddSingleton<ArxivClient>();
        services.AddSingleton<IDaySource>(sp => sp.GetRequiredService<HuggingFaceApiSource>());
        services.TryAddKeyedSingleton<IDaySource>(DaySources.Live, (sp, _) => sp.GetRequiredService<HuggingFaceApiSource>());

        // Run in this order for each paper: metadata (gives the version and comments), full text, then links from all of it.
        services.AddSingleton<IPaperEnricher, ArxivMetadataEnricher>();
        services.AddSingleton<IPaperEnricher, FullTextEnricher>();
        services.AddSingleton<IPaperEnricher, LinksEnricher>();

        services.TryAddSingleton<IFetchLog>(sp => sp.GetRequiredService<IPaperStore>() as IFetchLog
            ?? throw new InvalidOperationException("the configured store keeps no fetch log; use the SQLite store for fetch"));
        services.TryAddSingleton<DayFetcher>();
        return services;
    }
}
