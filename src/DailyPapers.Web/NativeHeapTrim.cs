using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace DailyPapers.Web;

/// <summary>
/// Hands the C library's free heap memory back to the operating system every <see cref="WebOptions.TrimNativeHeapSeconds"/>
/// seconds (glibc's <c>malloc_trim(0)</c>), on Linux with glibc; elsewhere it does nothing.
/// </summary>
/// <remarks>
/// A server's resident memory otherwise creeps up with the store: SQLite and the runtime allocate natively on whichever
/// pool thread runs them, so the freed memory lies in many per-thread heaps ("arenas") in pieces too scattered for glibc
/// to give back by itself. In a 20-minute soak (bench/soak) the arenas grew from 20 to 43 MiB while the managed heap
/// stayed flat. <c>malloc_trim(0)</c> releases every whole free page of every arena; it takes a few milliseconds.
/// </remarks>
internal sealed class NativeHeapTrim(IOptions<WebOptions> options, TimeProvider time, ILogger<NativeHeapTrim> logger, Action? trim = null) : BackgroundService
{
    private readonly Action _trim = trim ?? TrimGlibc;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.TrimNativeHeapSeconds;
        if (seconds <= 0 || (trim is null && !OperatingSystem.IsLinux()))
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!TryTrim())
                    return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One trim; false when this C library has no <c>malloc_trim</c> (e.g. musl), after which it is not tried again.</summary>
    private bool TryTrim()
    {
        try
        {
            _trim();
            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            logger.LogInformation("native heap trimming is off: the C library has no malloc_trim ({Message})", ex.Message);
            return false;
        }
    }

    /// <summary>One <c>malloc_trim(0)</c>.</summary>
    internal static void TrimGlibc() => MallocTrim(0);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
