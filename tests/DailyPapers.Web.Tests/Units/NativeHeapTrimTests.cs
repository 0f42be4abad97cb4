using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Web.Tests.Units;

/// <summary><c>serve</c> gives the C library's free heap memory back to the system on a timer.</summary>
public sealed class NativeHeapTrimTests
{
    private static NativeHeapTrim Trim(int seconds, TimeProvider time, Action trim) =>
        new(Options.Create(new WebOptions { TrimNativeHeapSeconds = seconds }), time, NullLogger<NativeHeapTrim>.Instance, trim);

    [Fact]
    public async Task It_trims_once_per_period_and_not_at_all_when_turned_off()
    {
        // Given the default period and a service that is off, on a clock the test moves
        var clock = new FakeTimeProvider();
        int on = 0, off = 0;
        using var trimming = Trim(new WebOptions().TrimNativeHeapSeconds, clock, () => Interlocked.Increment(ref on));
        using var turnedOff = Trim(0, clock, () => Interlocked.Increment(ref off));
        await trimming.StartAsync(CancellationToken.None);
        await turnedOff.StartAsync(CancellationToken.None);

        // When 95 seconds pass, in steps of 5
        for (var i = 0; i < 19; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(5);
        }
        await WaitUntil(() => Volatile.Read(ref on) >= 3);
        await trimming.StopAsync(CancellationToken.None);
        await turnedOff.StopAsync(CancellationToken.None);

        // Then the default (every 30 s) trimmed three times, and the service set to 0 never did
        Assert.Equal(30, new WebOptions().TrimNativeHeapSeconds);
        Assert.Equal(3, on);
        Assert.Equal(0, off);
    }

    [Fact]
    public async Task A_C_library_without_malloc_trim_stops_the_trimming_after_one_try()
    {
        // Given a C library that has no malloc_trim (as musl)
        var clock = new FakeTimeProvider();
        var tries = 0;
        using var trimming = Trim(10, clock, () => { Interlocked.Increment(ref tries); throw new EntryPointNotFoundException("malloc_trim"); });
        await trimming.StartAsync(CancellationToken.None);

        // When a minute passes
        for (var i = 0; i < 6; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(5);
        }
        await WaitUntil(() => trimming.ExecuteTask?.IsCompleted == true);

        // Then it was tried once and the service ended without failing the host
        Assert.Equal(1, tries);
        Assert.True(trimming.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_arenas_are_limited_once_as_serve_starts_to_the_setting_and_left_alone_at_0()
    {
        // Given the default setting and a service set to 0
        var limits = new List<int>();
        var zero = new List<int>();
        using var limited = new NativeHeapTrim(Options.Create(new WebOptions()), new FakeTimeProvider(), NullLogger<NativeHeapTrim>.Instance, () => { },
            n => { lock (limits) limits.Add(n); return true; });
        using var off = new NativeHeapTrim(Options.Create(new WebOptions { NativeHeapArenas = 0 }), new FakeTimeProvider(), NullLogger<NativeHeapTrim>.Instance, () => { },
            n => { lock (zero) zero.Add(n); return true; });

        // When both start and stop
        await limited.StartAsync(CancellationToken.None);
        await off.StartAsync(CancellationToken.None);
        await limited.StopAsync(CancellationToken.None);
        await off.StopAsync(CancellationToken.None);

        // Then the default asked for two arenas, once, as the service was made, and 0 asked for nothing; glibc itself
        // accepts the call
        Assert.Equal([2], limits);
        Assert.True(limited.ArenasLimited);
        Assert.Empty(zero);
        Assert.False(off.ArenasLimited);
        Assert.True(OperatingSystem.IsLinux(), "this test calls glibc on Linux");
        Assert.True(NativeHeapTrim.LimitGlibcArenas(new WebOptions().NativeHeapArenas));
    }

    [Fact]
    public void Serve_runs_the_trimming_service()
    {
        // Given the web app as serve builds it
        var store = Path.Combine(Directory.CreateTempSubdirectory("dailypapers-trim-").FullName, "store.db");
        using var app = WebApp.Build(["--urls", "http://127.0.0.1:0"], store);

        // Then its hosted services include the trimming
        Assert.Contains(app.Services.GetServices<IHostedService>(), s => s is NativeHeapTrim);
    }

    [Fact]
    public void A_trim_gives_freed_scattered_heap_memory_back_to_the_system()
    {
        Assert.True(OperatingSystem.IsLinux(), "this test measures glibc's heap on Linux");
        // Given 256 MiB taken from the C heap in 64 KiB blocks on one thread, every other block freed: the free half lies
        // between blocks in use, so glibc keeps it resident
        long before = 0, after = 0;
        var thread = new Thread(() =>
        {
            var blocks = new nint[4096];
            for (var i = 0; i < blocks.Length; i++)
            {
                blocks[i] = Marshal.AllocHGlobal(64 * 1024);
                for (var page = 0; page < 64 * 1024; page += 4096) Marshal.WriteByte(blocks[i], page, 1); // resident, not only reserved
            }
            for (var i = 0; i < blocks.Length; i += 2) Marshal.FreeHGlobal(blocks[i]);
            before = ResidentKiB();

            // When the heap is trimmed
            NativeHeapTrim.TrimGlibc();
            after = ResidentKiB();
            for (var i = 1; i < blocks.Length; i += 2) Marshal.FreeHGlobal(blocks[i]);
        });
        thread.Start();
        thread.Join();

        // Then most of the freed 128 MiB left resident memory
        Assert.True(before - after >= 64 * 1024, $"resident memory went from {before} KiB to {after} KiB");
    }

    private static long ResidentKiB() => long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
    }
}
