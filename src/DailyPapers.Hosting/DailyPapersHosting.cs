using DailyPapers.Deliver;
using DailyPapers.Llm;
using DailyPapers.Postgres;
using DailyPapers.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Hosting;

/// <summary>
/// The one composition root every host calls (the CLI, <c>serve</c>, the standalone web app, a later worker): the same
/// configuration sources, the same modules, switched on by configuration and never by which host started.
/// </summary>
public static class DailyPapersHosting
{
    /// <summary>
    /// The user-secrets id of every host. It is the CLI's original id, so secrets set with
    /// <c>dotnet user-secrets --project src/DailyPapers.Cli</c> keep loading; the web project carries the same id.
    /// </summary>
    public const string UserSecretsId = "dailypapers-cli";

    /// <summary>
    /// Adds user secrets (below the environment and the command line), applies a <c>--store</c> override, and registers
    /// the core, the LLM summarizers (on when <c>DailyPapers:Llm:Provider</c> is set) and every further module.
    /// </summary>
    public static IHostApplicationBuilder AddDailyPapers(this IHostApplicationBuilder builder, string? storePath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddUserSecrets(builder.Configuration);
        OverrideStore(builder.Configuration, storePath);

        // Modules: one line each (the PostgreSQL store, delivery and workers join here).
        builder.AddDailyPapersCore();
        builder.AddDailyPapersLlm();
        builder.Services.AddDailyPapersPostgres(); // chosen by DailyPapers:Store:Provider=postgres
        builder.Services.AddDailyPapersDelivery(); // the channels of DailyPapers:Channels
        builder.Services.AddDailyPapersWorkers(); // Hangfire jobs when DailyPapers:Workers:Enabled (PostgreSQL store)
        return builder;
    }

    /// <summary>Applies <c>--store PATH</c> (a SQLite file); refused with another store provider rather than ignored.</summary>
    public static void OverrideStore(IConfigurationManager configuration, string? storePath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(storePath)) return;
        var provider = configuration["DailyPapers:Store:Provider"];
        if (!string.IsNullOrWhiteSpace(provider) && !provider.Trim().Equals("sqlite", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--store names a SQLite file, but the store provider is '{provider.Trim()}' (DailyPapers:Store:Provider); leave --store out or set the provider to sqlite");
        configuration["DailyPapers:Store:Path"] = storePath;
    }

    // Where the default builders put them in Development, but in every environment: just below the (unprefixed)
    // environment variables, so DAILYPAPERS__LLM__APIKEY and the command line still win. A host without an
    // environment source (tests, tools) gets them below everything.
    private static void AddUserSecrets(IConfigurationManager configuration)
    {
        var secrets = new ConfigurationBuilder().AddUserSecrets(UserSecretsId, reloadOnChange: false).Sources[0];
        var sources = configuration.Sources;
        var index = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is EnvironmentVariablesConfigurationSource { Prefix: null or "" })
            {
                index = i;
                break;
            }
        }
        sources.Insert(index, secrets);
    }
}
