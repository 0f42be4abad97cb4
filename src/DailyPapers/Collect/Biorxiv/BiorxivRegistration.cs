using DailyPapers.Collect.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Collect.Biorxiv;

/// <summary>Registers the bioRxiv / medRxiv source when <c>DailyPapers:Sources:Biorxiv:Server</c> is set.</summary>
public static class BiorxivRegistration
{
    /// <summary>
    /// With a server configured, bioRxiv or medRxiv becomes the first default source and the live source <c>fetch</c>
    /// reads (call before the arXiv listings and the Hugging Face source are added; the live collection registers the
    /// HTTP settings the client uses); without, only its settings are checked.
    /// </summary>
    public static IHostApplicationBuilder AddBiorxiv(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddCheckedOptions<BiorxivOptions>(BiorxivOptions.SectionName, (o, check) => check
            .That(o.Server is "" or "biorxiv" or "medrxiv", $"{check.Key(nameof(o.Server))} is not a server: expected biorxiv or medrxiv")
            .Url(o.ApiUrl, nameof(o.ApiUrl))
            .AtLeast(o.MaxPapers, 1, nameof(o.MaxPapers)));
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{BiorxivOptions.SectionName}:Server"]))
            return builder;
        HttpRegistration.AddResilientClient(services, BiorxivSource.Client);
        services.TryAddSingleton<BiorxivSource>();
        services.AddSingleton<IDaySource>(sp => sp.GetRequiredService<BiorxivSource>());
        services.TryAddKeyedSingleton<IDaySource>(DaySources.Live, (sp, _) => sp.GetRequiredService<BiorxivSource>());
        return builder;
    }
}
