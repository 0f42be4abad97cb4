using System.Diagnostics;
using DailyPapers.Tests;

namespace DailyPapers.Web.Tests.Validators;

/// <summary>
/// The ecosystem's own validators, pinned in <c>tools/validators/package-lock.json</c> and installed by test.sh
/// (<c>npm ci --prefix tools/validators</c>): @redocly/cli, html-validate and axe-core, run with Node.
/// </summary>
public static class NodeValidators
{
    public static string Folder { get; } = Path.Combine(TestPaths.RepoRoot, "tools", "validators");

    /// <summary>axe-core's browser build, injected into pages by the browser tests.</summary>
    public static string AxeScript => Require(Path.Combine("node_modules", "axe-core", "axe.min.js"));

    /// <summary>Runs a validator's command-line entry (<c>node_modules/.bin/NAME</c>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string tool, params string[] args)
    {
        var entry = Require(Path.Combine("node_modules", ".bin", tool));
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(entry);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // No telemetry or update checks: the validators run offline.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started: run test.sh, which installs nodejs and npm");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Require(string relative)
    {
        var path = Path.Combine(Folder, relative);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{path} is missing: run test.sh, which installs the validators (npm ci --prefix tools/validators)");
        return path;
    }
}
