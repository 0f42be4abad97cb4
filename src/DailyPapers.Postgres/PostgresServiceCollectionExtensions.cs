using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DailyPapers.Postgres;

/// <summary>Makes the PostgreSQL store available to <c>DailyPapers:Store:Provider = postgres</c>.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>Registers the PostgreSQL store provider (chosen only when the configuration names it).</summary>
    public static IServiceCollection AddDailyPapersPostgres(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPaperStoreProvider, PostgresStoreProvider>());
        return services;
    }
}

/// <summary>The PostgreSQL store, by the names <c>postgres</c> and <c>postgresql</c>.</summary>
internal sealed class PostgresStoreProvider : IPaperStoreProvider
{
    /// <inheritdoc />
    public IReadOnlyList<string> Names { get; } = ["postgres", "postgresql"];

    /// <inheritdoc />
    public IPaperStore Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StoreOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException("the store provider is 'postgres' but DailyPapers:Store:ConnectionString (DAILYPAPERS__STORE__CONNECTIONSTRING) is not set");
        return new PostgresPaperStore(options.ConnectionString, services.GetService<TimeProvider>());
    }
}
