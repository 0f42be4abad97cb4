using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Storage;

/// <summary>
/// A SQLite store's change stamp read from the header of its WAL index (the <c>-shm</c> file, shared memory that
/// every connection of every process maps; its layout is part of SQLite's file format: https://sqlite.org/walformat.html).
/// Every commit, from any process, rewrites that header (its transaction counter, last frame, frame checksums, salts),
/// and a checkpoint does not. Mapped read-only once, so a read is a few memory loads and no system call; this is read
/// on every cached page request, where a <c>statx</c> of the <c>-wal</c> file cost a few percent of the server's CPU.
/// </summary>
/// <remarks>
/// <para>Held for the rest of the process, per store file:</para>
/// <list type="bullet">
/// <item>a connection of its own, kept open: while one is open in some process, SQLite neither deletes nor truncates
/// the <c>-shm</c> file (only the last connection to close deletes it, and only the first to open truncates it), so the
/// mapping stays the store's live header and never points past the end of the file;</item>
/// <item>the file descriptor of the mapping, never closed: closing any descriptor of a file drops every POSIX lock this
/// process holds on it, which would drop the locks SQLite's own connections hold on the <c>-shm</c> file.</item>
/// </list>
/// <para>Where the header cannot be used (not Linux, no <c>-shm</c> file, a header being written at that instant, not of
/// the known version or failing SQLite's checksum), the stamp is the <c>-wal</c> file's write time and length, read with
/// one <c>statx</c>; a store that could not be mapped is tried again after a while. Once a second the store and
/// <c>-shm</c> files are checked to be the ones mapped (a store replaced at its path is mapped afresh).</para>
/// </remarks>
internal sealed class WalIndexStamp
{
    private static readonly ConcurrentDictionary<string, WalIndexStamp> Readers = new(StringComparer.Ordinal);
    private static readonly Lock Opening = new();
    private static readonly long RetryMilliseconds = 30_000, CheckMilliseconds = 1_000;

    private readonly string _databasePath;
    private readonly FileStamp _walFile;
    private readonly nint _header; // 0: not mapped, the -wal file is stat'ed instead
    private readonly (ulong Db, ulong Shm) _files; // inode numbers of what was mapped
    private long _checkAt; // TickCount64: when to check the files again (mapped) or to try mapping again (not mapped)
    private volatile bool _stale;

    private WalIndexStamp(string databasePath, nint header, (ulong, ulong) files)
    {
        _databasePath = databasePath;
        _walFile = new FileStamp(databasePath + "-wal");
        _header = header;
        _files = files;
        _checkAt = Environment.TickCount64 + (header != 0 ? CheckMilliseconds : RetryMilliseconds);
    }

    /// <summary>The change stamp of the store file at <paramref name="databasePath"/> (absolute): equal values mean no commit in between.</summary>
    public static StoreStamp Read(string databasePath) =>
        For(databasePath) is { } reader ? reader.ReadStamp() : WalStamp(new FileStamp(databasePath + "-wal"));

    // The fallback: the -wal file's write time and length (every commit writes it).
    private static StoreStamp WalStamp(FileStamp walFile)
    {
        var (ticks, length) = walFile.Read();
        return new StoreStamp(0, 0, ticks, length);
    }

    /// <summary>The reader of the store file at <paramref name="databasePath"/> (absolute), shared in the process; null while the file does not exist.</summary>
    internal static WalIndexStamp? For(string databasePath)
    {
        if (Readers.TryGetValue(databasePath, out var reader) && !reader.Expired()) return reader;
        if (!File.Exists(databasePath)) return null;
        lock (Opening)
        {
            if (Readers.TryGetValue(databasePath, out reader) && !reader.Expired()) return reader;
            reader = Open(databasePath);
            Readers[databasePath] = reader;
            return reader;
        }
    }

    /// <summary>Whether this reader uses the mapped header (false: it stats the <c>-wal</c> file).</summary>
    internal bool IsMapped => _header != 0;

    // A reader not mapped is tried again after RetryMilliseconds; a mapped one found stale (its files replaced) at once.
    private bool Expired() => _stale || _header == 0 && Environment.TickCount64 >= _checkAt;

    private StoreStamp ReadStamp()
    {
        if (_header != 0 && !_stale && (Environment.TickCount64 < Volatile.Read(ref _checkAt) || FilesStillMapped()))
        {
            // As SQLite's readers do: the first copy of the header, a barrier, the second copy (a writer writes the second
            // copy first, so two equal copies are a whole header), and the checksum over the first 40 bytes. Bytes 8-39:
            // transaction counter, init flag, page size, last frame, page count, frame checksums, salts.
            var a0 = Marshal.ReadInt64(_header, 0);
            var a1 = Marshal.ReadInt64(_header, 8);
            var a2 = Marshal.ReadInt64(_header, 16);
            var a3 = Marshal.ReadInt64(_header, 24);
            var a4 = Marshal.ReadInt64(_header, 32);
            var checksum = Marshal.ReadInt64(_header, 40);
            Interlocked.MemoryBarrier();
            if ((int)a0 == HeaderVersion && (a1 >> 32 & 0xFF) == 1 // isInit
                && a1 == Marshal.ReadInt64(_header, HeaderSize + 8) && a2 == Marshal.ReadInt64(_header, HeaderSize + 16)
                && a3 == Marshal.ReadInt64(_header, HeaderSize + 24) && a4 == Marshal.ReadInt64(_header, HeaderSize + 32)
                && checksum == Checksum(a0, a1, a2, a3, a4))
                return new StoreStamp(a1, a2, a3, a4); // a1 is never 0 (isInit), unlike a stamp of the -wal file
        }
        return WalStamp(_walFile);
    }

    // SQLite's WAL checksum (native byte order, as for the WAL-index header) over ten 32-bit words: s1 += x[i] + s2, s2 += x[i+1] + s1.
    private static long Checksum(params ReadOnlySpan<long> words)
    {
        uint s1 = 0, s2 = 0;
        foreach (var w in words)
        {
            s1 += (uint)w + s2;
            s2 += (uint)(w >> 32) + s1;
        }
        return (long)((ulong)s2 << 32 | s1);
    }

    // Once a second: the store and -shm files at the path must still be the ones mapped; else this reader is stale and
    // the next request maps them afresh (what was mapped stays, unread: see the remarks).
    private bool FilesStillMapped()
    {
        Volatile.Write(ref _checkAt, Environment.TickCount64 + CheckMilliseconds);
        if (Inodes(_databasePath) == _files) return true;
        _stale = true;
        return false;
    }

    private static (ulong, ulong) Inodes(string databasePath)
    {
        var db = FileStamp.Inode(databasePath);
        var shm = FileStamp.Inode(databasePath + "-shm");
        return (db, shm);
    }

    private const int HeaderVersion = 3007000, HeaderSize = 48;

    private static WalIndexStamp Open(string databasePath)
    {
        var unmapped = new WalIndexStamp(databasePath, 0, default);
        if (!OperatingSystem.IsLinux() || !BitConverter.IsLittleEndian) return unmapped; // isInit is read as little-endian
        SqliteConnection? keeper = null;
        try
        {
            // The keeper: opened, and one read made, so this process maps the -shm file and holds SQLite's lock on it.
            keeper = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 1 }.ToString());
            keeper.Open();
            using (var read = keeper.CreateCommand())
            {
                read.CommandText = "PRAGMA journal_mode";
                if (!"wal".Equals(read.ExecuteScalar() as string, StringComparison.OrdinalIgnoreCase))
                {
                    keeper.Dispose();
                    return unmapped; // not migrated yet: tried again later
                }
                read.CommandText = "SELECT count(*) FROM sqlite_master";
                read.ExecuteScalar();
            }
            var files = Inodes(databasePath);
            var fd = OpenFile(Encoding.UTF8.GetBytes(databasePath + "-shm\0"), ORdOnly | OCloExec);
            if (fd < 0)
            {
                keeper.Dispose();
                return unmapped;
            }
            Keepers.Add(keeper); // from here on kept: the descriptor is never closed (see the remarks)
            // A too-short file is not mapped (reading past its end faults).
            if (new FileInfo(databasePath + "-shm").Length < 2 * HeaderSize) return unmapped;
            var map = Mmap(0, 4096, ProtRead, MapShared, fd, 0);
            return map == -1 ? unmapped : new WalIndexStamp(databasePath, map, files);
        }
#pragma warning disable CA1031 // any failure to map leaves the -wal stat, tried again later; never a failed page
        catch (Exception)
#pragma warning restore CA1031
        {
            if (keeper is not null && !Keepers.Contains(keeper)) keeper.Dispose();
            return unmapped;
        }
    }

    // Referenced so the keepers are never finalized and closed.
    private static readonly ConcurrentBag<SqliteConnection> Keepers = [];

    private const int ORdOnly = 0, OCloExec = 0x80000, ProtRead = 1, MapShared = 1;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenFile(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static extern nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);
}
