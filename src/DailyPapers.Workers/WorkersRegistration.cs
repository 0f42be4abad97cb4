using DailyPapers.Llm;
using DailyPapers.Storage;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DailyPapers.Workers;

/// <summary>Registers the workers module; switched on by <c>DailyPapers:Workers:Enabled</c>, read when the services are first used.</summary>
public static class WorkersRegistration
{
    /// <summary>The configuration section of the workers' settings.</summary>
    public const string Section = DailyPapersServiceCollectionExtensions.Section + ":Workers";

    /// <summary>
    /// The workers' options (checked at start: on, they need the PostgreSQL store), the Hangfire client over the store's
    /// database, the jobs, and the model call gate shared by every worker when on (else the in-process one).
    /// </summary>
    public static IServiceCollection AddDailyPapersWorkers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddCheckedOptions<WorkersOptions>(Section, (o, check) => check
                .AtLeast(o.WorkerCount, 1, nameof(o.WorkerCount))
                .That(!string.IsNullOrWhiteSpace(o.Queue) && o.Queue.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'),
                    $"{check.Key(nameof(o.Queue))} '{o.Queue}' must be lower-case letters, digits and underscores (Hangfire's queue names)")
                .Duration(o.PollInterval, nameof(o.PollInterval))
                .Duration(o.InvisibilityTimeout, nameof(o.InvisibilityTimeout)))
            .Validate<IOptions<StoreOptions>>((o, store) => !o.Enabled || IsPostgres(store.Value),
                $"{Section}:Enabled is true, but workers need the PostgreSQL store, where their jobs are queued: set DailyPapers:Store:Provider=postgres (and DailyPapers:Store:ConnectionString), or turn workers off");
        services.TryAddSingleton<WorkLedger>();
        services.TryAddTransient<DayJobs>();
        services.TryAddSingleton<DayPublisher>();
        services.TryAddSingleton<DayQueue>();
        services.TryAddTransient<ScheduledDay>();
        services.TryAddSingleton<SharedModelCallGate>();
        services.TryAddSingleton<DailyPapers.Collect.Http.ISharedRequestPacing, SharedRequestPacing>();
        services.Replace(ServiceDescriptor.Singleton<IModelCallGate>(sp => sp.GetRequiredService<IOptions<WorkersOptions>>().Value.Enabled
            ? sp.GetRequiredService<SharedModelCallGate>()
            : ActivatorUtilities.CreateInstance<LocalModelCallGate>(sp)));
        services.AddHangfire((sp, config) =>
        {
            var workers = sp.GetRequiredService<IOptions<WorkersOptions>>().Value;
            var store = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            if (!workers.Enabled || !IsPostgres(store) || string.IsNullOrWhiteSpace(store.ConnectionString))
                throw new InvalidOperationException($"the job queue needs {Section}:Enabled=true and the PostgreSQL store (DailyPapers:Store:Provider=postgres with DailyPapers:Store:ConnectionString)");
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseFilter(new StayInQueue(workers.Queue))
                .UseStorage(Storage(store.ConnectionString, workers));
        });
        return services;
    }

    /// <summary>Makes this process a worker: a Hangfire server on the configured queue with <see cref="WorkersOptions.WorkerCount"/> workers.</summary>
    public static IServiceCollection AddDailyPapersWorkerServer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHangfireServer((sp, server) =>
        {
            var o = sp.GetRequiredService<IOptions<WorkersOptions>>().Value;
            server.WorkerCount = o.WorkerCount;
            server.Queues = [o.Queue];
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        return services;
    }

    /// <summary>
    /// Hangfire's storage in the store's database, its distributed locks (taken for every change of a job's state) held
    /// as session advisory locks, which the server releases when a worker dies: see <see cref="SessionLockedStorage"/>.
    /// </summary>
    internal static PostgreSqlStorage Storage(string connectionString, WorkersOptions workers)
    {
        ArgumentNullException.ThrowIfNull(workers);
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = workers.PollInterval,
            EnableLongPolling = true,
            InvisibilityTimeout = workers.InvisibilityTimeout,
            UseSlidingInvisibilityTimeout = true,
        };
        return new SessionLockedStorage(new Hangfire.PostgreSql.Factories.NpgsqlConnectionFactory(connectionString, options), options);
    }

    private static bool IsPostgres(StoreOptions store) =>
        store.Provider.Trim().Equals("postgres", StringComparison.OrdinalIgnoreCase) || store.Provider.Trim().Equals("postgresql", StringComparison.OrdinalIgnoreCase);
}
