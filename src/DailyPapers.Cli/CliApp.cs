using System.CommandLine;
using DailyPapers.Collect;
using DailyPapers.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DailyPapers.Cli;

/// <summary>Shared plumbing of the commands: the host, exit codes, and one-line errors instead of stack traces.</summary>
internal static class CliApp
{
    /// <summary>Every paper done.</summary>
    public const int Ok = 0;
    /// <summary>The run finished but some papers failed or some records could not be read.</summary>
    public const int PartialFailure = 1;
    /// <summary>Bad input: arguments, a missing source, a malformed file.</summary>
    public const int BadInput = 2;

    /// <summary>Parses and runs; Ctrl-C cancels the token and ends the run cleanly (exit 130).</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(config).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception ex) when (IsUserError(ex))
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return BadInput;
        }
    }

    private static bool IsUserError(Exception ex) =>
        ex is DayNotFoundException or SourceException or ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException
            or UnauthorizedAccessException or InvalidOperationException or InvalidDataException;

    /// <summary>A host with DailyPapers registered; logs go to stderr so stdout stays the digest.</summary>
    public static IHost BuildHost(Action<HostApplicationBuilder>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddUserSecrets(typeof(CliApp).Assembly, optional: true); // API keys (dotnet user-secrets), below the environment
        builder.Configuration.AddEnvironmentVariables();
        builder.AddDailyPapers();
        builder.AddDailyPapersLlm();
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Applies <c>--store PATH</c> when given.</summary>
    public static void OverrideStore(HostApplicationBuilder builder, string? storePath)
    {
        if (string.IsNullOrWhiteSpace(storePath)) return;
        var provider = builder.Configuration["DailyPapers:Store:Provider"];
        if (!string.IsNullOrWhiteSpace(provider) && !provider.Trim().Equals("sqlite", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--store names a SQLite file, but the store provider is '{provider.Trim()}' (DailyPapers:Store:Provider); leave --store out or set the provider to sqlite");
        builder.Configuration["DailyPapers:Store:Path"] = storePath;
    }

    /// <summary>Applies <c>--model M</c> when given.</summary>
    public static void OverrideModel(HostApplicationBuilder builder, string? model)
    {
        if (!string.IsNullOrWhiteSpace(model))
            builder.Configuration[LlmServiceCollectionExtensions.Section + ":Model"] = model;
    }

    /// <summary>Resolves a service from the host.</summary>
    public static T Get<T>(this IHost host) where T : notnull => host.Services.GetRequiredService<T>();
}
