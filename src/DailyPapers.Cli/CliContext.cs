using Microsoft.Extensions.Hosting;

namespace DailyPapers.Cli;

/// <summary>
/// Where a command writes and how its host is set up: the console for the real program, captured writers and
/// test settings for an in-process run.
/// </summary>
/// <param name="Out">The digest, findings and tables (stdout).</param>
/// <param name="Error">Progress, reports, logs and errors (stderr).</param>
/// <param name="Interactive">True when <paramref name="Error"/> is a terminal, so progress lines overwrite each other.</param>
/// <param name="Settings">Settings placed as the environment would be (command-line options such as <c>--store</c> still win).</param>
/// <param name="Configure">Runs after the composition root, e.g. to replace a service.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, bool Interactive = false,
    IReadOnlyDictionary<string, string?>? Settings = null, Action<IHostApplicationBuilder>? Configure = null);
