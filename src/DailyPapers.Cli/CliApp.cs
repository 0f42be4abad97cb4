using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using DailyPapers.Cli.Commands;
using DailyPapers.Collect;
using DailyPapers.Hosting;
using DailyPapers.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DailyPapers.Cli;

/// <summary>The command tree and its plumbing: the host, exit codes, and one-line errors instead of stack traces.</summary>
internal static class CliApp
{
    /// <summary>Every paper done.</summary>
    public const int Ok = 0;
    /// <summary>The run finished but some papers failed or some records could not be read.</summary>
    public const int PartialFailure = 1;
    /// <summary>Bad input: usage, arguments, settings, a missing source, a malformed file.</summary>
    public const int BadInput = 2;
    /// <summary>Stopped by Ctrl-C.</summary>
    public const int Cancelled = 130;

    /// <summary>The <c>dailypapers</c> command with every subcommand, writing where <paramref name="context"/> says.</summary>
    public static RootCommand CreateRoot(CliContext context)
    {
        var root = new RootCommand("DailyPapers: each day's trending research papers as a verified digest, in any language.");
        root.Subcommands.Add(DigestCommand.Create(context));
        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(TrainRolesCommand.Create(context));
        root.Subcommands.Add(FetchCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(DeliverCommand.Create(context));
        root.Subcommands.Add(SubscribersCommand.Create(context));
        root.Subcommands.Add(ImportArxivCommand.Create(context));
        root.Subcommands.Add(WorkerCommand.Create(context));
        return root;
    }

    /// <summary>The real program: UTF-8 stdout (Korean digests on any console) and stderr.</summary>
    public static async Task<int> RunConsoleAsync(string[] args)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        using var interrupted = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Interrupt(c, interrupted));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Interrupt(c, interrupted));
        await using (stdout.ConfigureAwait(false))
            return await InvokeAsync(args, new CliContext(stdout, Console.Error, Interactive: !Console.IsErrorRedirected), interrupted.Token).ConfigureAwait(false);
    }

    // The first Ctrl-C (or SIGTERM) cancels the run, which then ends through the one "cancelled" path with 130, however
    // long the machine takes to unwind; a second one is not intercepted and ends the process at once.
    private static void Interrupt(PosixSignalContext signal, CancellationTokenSource run)
    {
        if (run.IsCancellationRequested) return;
        signal.Cancel = true;
        run.Cancel();
    }

    /// <summary>
    /// Parses and runs. Usage errors exit 2, settings and input errors print one line and exit 2, and Ctrl-C
    /// (or <paramref name="cancellationToken"/>) ends the run cleanly with 130.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parse = CreateRoot(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await context.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            await context.Error.WriteLineAsync("see 'dailypapers --help' (or 'dailypapers COMMAND --help')").ConfigureAwait(false);
            return BadInput;
        }
        // No signal handling by the parser: its time-out path would return 130 while the run is still unwinding.
        var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null, Output = context.Out, Error = context.Error };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return Cancelled;
        }
        catch (Exception ex) when (UserError(ex) is { } message)
        {
            await context.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
            return BadInput;
        }
    }

    // One line a user can act on, or null for a bug (which keeps its stack trace).
    private static string? UserError(Exception ex) => ex switch
    {
        OptionsValidationException o => $"invalid settings: {string.Join("; ", o.Failures)}",
        AggregateException a when a.InnerExceptions.All(e => e is OptionsValidationException) =>
            $"invalid settings: {string.Join("; ", a.InnerExceptions.OfType<OptionsValidationException>().SelectMany(o => o.Failures).Distinct())}", // an options class read by another's set-up fails twice
        DayNotFoundException or SourceException or ArgumentException or FormatException or FileNotFoundException or DirectoryNotFoundException
            or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or Rank.ProfileException => ex.Message,
        _ => null,
    };

    /// <summary>A host built by the composition root, its settings checked; logs go to stderr so stdout stays the digest.</summary>
    public static IHost BuildHost(CliContext context, string? storePath = null, Action<HostApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = [],
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new WriterLoggerProvider(context.Error));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (context.Settings is { } settings) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddDailyPapers(storePath);
        configure?.Invoke(builder);
        context.Configure?.Invoke(builder);
        var host = builder.Build();
        try
        {
            // The CLI never starts the host (no hosted services), so the start-up checks run here.
            host.Services.GetService<IStartupValidator>()?.Validate();
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
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
