using System.Diagnostics;
using System.Text;
using DailyPapers.Cli;

namespace DailyPapers.Tests.Cli;

/// <summary>
/// Runs the <c>dailypapers</c> command tree in this process with captured stdout/stderr and the test's settings
/// (offline by default); <see cref="RunProcessAsync"/> starts the real program for the few end-to-end tests.
/// </summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> RunAsync(string storePath, params string[] args) =>
        RunAsync(new Dictionary<string, string> { ["DailyPapers:Store:Path"] = storePath }, args);

    /// <summary>In process; keys may be written as configuration keys or in the environment form (<c>DAILYPAPERS__STORE__PATH</c>).</summary>
    public static async Task<Result> RunAsync(IDictionary<string, string> settings, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var all = OfflineSettings.With(OfflineSettings.Unreachable, settings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)));
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var code = await CliApp.InvokeAsync(args, new CliContext(stdout, stderr, Settings: all), cts.Token);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// The CLI from its own build output: the test project references the ASP.NET Core framework (for loopback
    /// servers), so the Microsoft.Extensions assemblies the CLI needs are not copied beside the tests.
    /// </summary>
    internal static string CliDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var own = Path.Combine(TestPaths.RepoRoot, "src", "DailyPapers.Cli", "bin", configuration, testBin.Name, "DailyPapers.Cli.dll");
        return File.Exists(own) ? own : Path.Combine(AppContext.BaseDirectory, "DailyPapers.Cli.dll");
    }

    /// <summary>The real program in a child process (environment variables, console encoding, exit code); offline by default.</summary>
    public static ProcessStartInfo ProcessStart(IDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        psi.ArgumentList.Add(CliDll());
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in OfflineSettings.Unreachable) psi.Environment[k.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()] = v;
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return psi;
    }

    public static async Task<Result> RunProcessAsync(IDictionary<string, string> env, params string[] args)
    {
        using var process = Process.Start(ProcessStart(env, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
