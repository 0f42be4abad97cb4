using System.Diagnostics;
using System.Text;

namespace DailyPapers.Tests.Cli;

/// <summary>Runs the real <c>dailypapers</c> program (the built DailyPapers.Cli.dll) in a child process.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string storePath, params string[] args) =>
        await RunAsync(new Dictionary<string, string> { ["DAILYPAPERS__STORE__PATH"] = storePath }, args);

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

    public static async Task<Result> RunAsync(IDictionary<string, string> env, params string[] args)
    {
        var dll = CliDll();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // No test reaches the internet: the live APIs point at a loopback port where nothing listens, unless a test says otherwise.
        psi.Environment["DAILYPAPERS__HUGGINGFACE__BASEURL"] = "http://127.0.0.1:1";
        psi.Environment["DAILYPAPERS__ARXIV__APIURL"] = "http://127.0.0.1:1/api/query";
        psi.Environment["DAILYPAPERS__ARXIV__BASEURL"] = "http://127.0.0.1:1";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
