using DailyPapers.Collect.HuggingFace;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Collect.ArxivListings;

/// <summary>Registers the arXiv listing source when <c>DailyPapers:Sources:Arxiv:Categories</c> is set.</summary>
public static class ArxivListingRegistration
{
    /// <summary>
    /// With categories configured, the listings become the first default source and the live source <c>fetch</c>
    /// reads (call before the Hugging Face source is added); without, nothing is registered.
    /// </summary>
    public static IHostApplicationBuilder AddArxivListings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddCheckedOptions<ArxivListingOptions>(ArxivListingOptions.SectionName, (o, check) =>
        {
            check.Url(o.RssUrl, nameof(o.RssUrl)).AtLeast(o.MaxPerCategory, 1, nameof(o.MaxPerCategory));
            try
            {
                _ = o.HolidaySet;
            }
            catch (FormatException ex)
            {
                check.That(false, ex.Message);
            }
        });
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{ArxivListingOptions.SectionName}:Categories"]))
            return builder;
        services.TryAddSingleton<ArxivListingSource>();
        if (string.Equals(builder.Configuration[$"{ArxivListingOptions.SectionName}:WithHuggingFace"], "true", StringComparison.OrdinalIgnoreCase))
        {
            // Mixed days: Hugging Face trending first (its votes rank the digest), then the listings, one entry per paper
            services.TryAddSingleton(sp => new CombinedDaySource(
            [
                new LabelledSource(sp.GetRequiredService<HuggingFaceApiSource>(), "Hugging Face"),
                new LabelledSource(sp.GetRequiredService<ArxivListingSource>(), "arXiv"),
            ]));
            services.AddSingleton<IDaySource>(sp => sp.GetRequiredService<CombinedDaySource>());
            services.TryAddKeyedSingleton<IDaySource>(DaySources.Live, (sp, _) => sp.GetRequiredService<CombinedDaySource>());
            return builder;
        }
        services.AddSingleton<IDaySource>(sp => sp.GetRequiredService<ArxivListingSource>());
        services.TryAddKeyedSingleton<IDaySource>(DaySources.Live, (sp, _) => sp.GetRequiredService<ArxivListingSource>());
        return builder;
    }
}
