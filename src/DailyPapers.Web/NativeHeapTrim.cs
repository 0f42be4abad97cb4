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
internal sealed class NativeHeapTrim(IOptions<WebOptions> options, TimeProvider time, ILogger<NativeHeapTrim> logger, Action? trim = null,
    Func<int, bool>? limitArenas = null) : BackgroundService
{
    private readonly Action _trim = trim ?? TrimGlibc;

    // Fewer arenas first, when the host creates its services, while the server has few threads: with glibc's default
    // (eight per core) the freed memory of many threads lies scattered in as many heaps. In 20-minute soaks (bench/soak)
    // memory grew 14.6 % after warm-up with the default, 9.1 % with two arenas (MALLOC_ARENA_MAX=2), about as with
    // jemalloc (9.6 %, 10.6 %).
    private readonly bool _arenasLimited = LimitArenas(options.Value.NativeHeapArenas, limitArenas, logger);

    /// <summary>Whether the C library took the arena limit at start.</summary>
    internal bool ArenasLimited => _arenasLimited;

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

    private static bool LimitArenas(int arenas, Func<int, bool>? limit, ILogger logger)
    {
        if (arenas <= 0 || (limit is null && !OperatingSystem.IsLinux()))
            return false;
        try
        {
            if ((limit ?? LimitGlibcArenas)(arenas))
                return true;
            logger.LogInformation("the C library refused a limit of {Arenas} heap arenas", arenas);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            logger.LogInformation("the C library's heap arenas are not limited: it has no mallopt ({Message})", ex.Message);
        }
        return false;
    }

    /// <summary>glibc's <c>mallopt(M_ARENA_MAX, arenas)</c>; true when it was accepted.</summary>
    internal static bool LimitGlibcArenas(int arenas) => MallOpt(ArenaMax, arenas) != 0;

    /// <summary>glibc's M_ARENA_MAX (malloc.h).</summary>
    private const int ArenaMax = -8;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);

    /// <summary>One <c>malloc_trim(0)</c>.</summary>
    internal static void TrimGlibc() => MallocTrim(0);

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
