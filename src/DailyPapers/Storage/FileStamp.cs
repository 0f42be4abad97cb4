using System.Runtime.InteropServices;
using System.Text;

namespace DailyPapers.Storage;

/// <summary>
/// A file's last write time (ticks, UTC) and length, or (0, 0) when it does not exist, read afresh on every call. On
/// Linux one <c>statx</c> system call on the path encoded once (no allocation; this is read on every cached page
/// request); elsewhere, or where <c>statx</c> is missing, through <see cref="FileInfo"/>, with the same results.
/// </summary>
internal sealed class FileStamp(string path)
{
    private readonly byte[] _path = Encoding.UTF8.GetBytes(System.IO.Path.GetFullPath(path) + "\0");
    private static bool _noStatx = !OperatingSystem.IsLinux();

    /// <summary>Whether reads go through statx (false once it was found missing, and off Linux).</summary>
    internal static bool UsesStatx => !Volatile.Read(ref _noStatx);

    /// <summary>Last write time in UTC ticks and length; (0, 0) when the file does not exist.</summary>
    public (long Ticks, long Length) Read()
    {
        if (!Volatile.Read(ref _noStatx))
        {
            try
            {
                if (Statx(AtCurrentDirectory, _path, 0, StatxMtime | StatxSize, out var buffer) == 0)
                    return (UnixEpochTicks + buffer.MtimeSeconds * TimeSpan.TicksPerSecond + buffer.MtimeNanoseconds / 100, buffer.Size);
                var error = Marshal.GetLastPInvokeError();
                if (error is ENOENT or ENOTDIR) return (0, 0);
                if (error is not ENOSYS) return ByFileInfo(); // e.g. no permission: as FileInfo reports it
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
            {
            }
            Volatile.Write(ref _noStatx, true); // a C library or kernel without statx: FileInfo from now on
        }
        return ByFileInfo();
    }

    /// <summary>The inode number of the file at <paramref name="path"/>; 0 when it does not exist or cannot be read (not Linux, no statx).</summary>
    internal static ulong Inode(string path)
    {
        if (Volatile.Read(ref _noStatx)) return 0;
        try
        {
            return Statx(AtCurrentDirectory, Encoding.UTF8.GetBytes(path + "\0"), 0, StatxIno, out var buffer) == 0 ? buffer.Inode : 0;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return 0;
        }
    }

    private (long, long) ByFileInfo()
    {
        var file = new FileInfo(path);
        return file.Exists ? (file.LastWriteTimeUtc.Ticks, file.Length) : (0, 0);
    }

    private const int AtCurrentDirectory = -100; // AT_FDCWD (the path is absolute anyway)
    private const uint StatxMtime = 0x40, StatxIno = 0x100, StatxSize = 0x200;
    private const int ENOENT = 2, ENOTDIR = 20, ENOSYS = 38;
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>struct statx (linux/stat.h): the same layout on every architecture; only inode, size and mtime are read.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public long Size;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(120)] public uint MtimeNanoseconds;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, out StatxBuffer buffer);
}
