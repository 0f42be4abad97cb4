using DailyPapers.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DailyPapers.Storage;

/// <summary>Makes the store named by <c>DailyPapers:Store:Provider</c>.</summary>
public static class StoreFactory
{
    /// <summary>The configured store; an unknown provider or a postgres store without a connection string is a clear error.</summary>
    public static IPaperStore Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var provider = (options.Provider ?? "").Trim();
        if (provider.Length == 0 || provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
            return new SqlitePaperStore(options.Path);
        if (provider.Equals("postgres", StringComparison.OrdinalIgnoreCase) || provider.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
                throw new InvalidOperationException("the store provider is 'postgres' but DailyPapers:Store:ConnectionString (DAILYPAPERS__STORE__CONNECTIONSTRING) is not set");
            return new PostgresPaperStore(options.ConnectionString);
        }
        throw new InvalidOperationException($"DailyPapers:Store:Provider is '{options.Provider}'; use 'sqlite' (the default) or 'postgres'");
    }
}
