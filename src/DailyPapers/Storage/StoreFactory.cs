using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DailyPapers.Storage;

/// <summary>A kind of store that <c>DailyPapers:Store:Provider</c> can name; registered by the module that brings it.</summary>
public interface IPaperStoreProvider
{
    /// <summary>The names that choose this store (case-insensitive), the usual one first.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Makes the store from the configured <see cref="StoreOptions"/> (and other services); a missing setting is a clear error.</summary>
    IPaperStore Create(IServiceProvider services);
}

/// <summary>Makes the store named by <c>DailyPapers:Store:Provider</c>: SQLite is built in, others come from registered <see cref="IPaperStoreProvider"/>s.</summary>
public static class StoreFactory
{
    /// <summary>The configured store; an unknown or unregistered provider, or a missing setting, is a clear error.</summary>
    public static IPaperStore Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        var name = (options.Provider ?? "").Trim();
        if (name.Length == 0 || name.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
            return new SqlitePaperStore(options.Path, options.SqliteCacheMiB);
        var providers = services.GetServices<IPaperStoreProvider>().ToList();
        var provider = providers.FirstOrDefault(p => p.Names.Contains(name, StringComparer.OrdinalIgnoreCase));
        if (provider is not null) return provider.Create(services);
        if (name.Equals("postgres", StringComparison.OrdinalIgnoreCase) || name.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"DailyPapers:Store:Provider is '{name}' but this program has no PostgreSQL store: reference DailyPapers.Postgres and call services.AddDailyPapersPostgres()");
        var known = string.Concat(providers.Select(p => $" or '{p.Names[0]}'"));
        throw new InvalidOperationException($"DailyPapers:Store:Provider is '{options.Provider}'; use 'sqlite' (the default){known}");
    }
}
