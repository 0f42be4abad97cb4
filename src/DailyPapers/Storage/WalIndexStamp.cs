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
/// <para>Where the header cannot be used (not Linux, no <c>-shm</c> file, a header being written at that instant or not
/// of the known version), the stamp is the <c>-wal</c> file's write time and length, read with one <c>statx</c>.</para>
/// </remarks>
internal sealed class WalIndexStamp
{
    private static readonly ConcurrentDictionary<string, Lazy<WalIndexStamp>> Mapped = new(StringComparer.Ordinal);

    private readonly FileStamp _walFile;
    private readonly nint _header; // 0: not mapped, the -wal file is stat'ed instead

    private WalIndexStamp(string databasePath, nint header)
    {
        _walFile = new FileStamp(databasePath + "-wal");
        _header = header;
    }

    /// <summary>The stamp reader of the store file at <paramref name="databasePath"/> (absolute), made once per process.</summary>
    /// <returns>null while the store file does not exist yet.</returns>
    public static WalIndexStamp? For(string databasePath) =>
        File.Exists(databasePath) ? Mapped.GetOrAdd(databasePath, static p => new Lazy<WalIndexStamp>(() => Open(p))).Value : null;

    /// <summary>A reader that stats the <c>-wal</c> file (for a store file that does not exist yet).</summary>
    public static WalIndexStamp Unmapped(string databasePath) => new(databasePath, 0);

    /// <summary>Whether this reader uses the mapped header (false: it stats the <c>-wal</c> file).</summary>
    internal bool IsMapped => _header != 0;

    /// <summary>The store's change stamp: equal values mean no commit in between.</summary>
    public StoreStamp Read()
    {
        if (_header != 0)
        {
            // As SQLite's readers do: the first copy of the header, a barrier, the second copy; a writer writes the second
            // copy first, so two equal copies are a whole header. Bytes 8-39: transaction counter, init flag, page size,
            // last frame, page count, frame checksums, salts (bytes 0-7: version and an unused field).
            var a1 = Marshal.ReadInt64(_header, 8);
            var a2 = Marshal.ReadInt64(_header, 16);
            var a3 = Marshal.ReadInt64(_header, 24);
            var a4 = Marshal.ReadInt64(_header, 32);
            var version = Marshal.ReadInt32(_header, 0);
            Interlocked.MemoryBarrier();
            if (version == HeaderVersion && (a1 >> 32 & 0xFF) == 1 // isInit
                && a1 == Marshal.ReadInt64(_header, HeaderSize + 8) && a2 == Marshal.ReadInt64(_header, HeaderSize + 16)
                && a3 == Marshal.ReadInt64(_header, HeaderSize + 24) && a4 == Marshal.ReadInt64(_header, HeaderSize + 32))
                return new StoreStamp(a1, a2, a3, a4); // a1 is never 0 (isInit), unlike a stamp of the -wal file
        }
        var (walTicks, walLength) = _walFile.Read();
        return new StoreStamp(0, 0, walTicks, walLength);
    }

    private const int HeaderVersion = 3007000, HeaderSize = 48;

    private static WalIndexStamp Open(string databasePath)
    {
        if (!OperatingSystem.IsLinux()) return new WalIndexStamp(databasePath, 0);
        try
        {
            // The keeper: opened, and one read made, so this process maps the -shm file and holds SQLite's lock on it.
            var keeper = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
            keeper.Open();
            using (var read = keeper.CreateCommand())
            {
                read.CommandText = "PRAGMA journal_mode; SELECT count(*) FROM sqlite_master;";
                if (!"wal".Equals(read.ExecuteScalar() as string, StringComparison.OrdinalIgnoreCase))
                {
                    keeper.Dispose();
                    return new WalIndexStamp(databasePath, 0);
                }
                read.CommandText = "SELECT count(*) FROM sqlite_master;";
                read.ExecuteScalar();
            }
            Keepers.Add(keeper);
            var fd = OpenFile(Encoding.UTF8.GetBytes(databasePath + "-shm\0"), ORdOnly | OCloExec);
            if (fd < 0) return new WalIndexStamp(databasePath, 0);
            // Not closed even when unusable (see the remarks); a too-short file is not mapped (reading past its end faults).
            if (new FileInfo(databasePath + "-shm").Length < 2 * HeaderSize) return new WalIndexStamp(databasePath, 0);
            var map = Mmap(0, 4096, ProtRead, MapShared, fd, 0);
            return new WalIndexStamp(databasePath, map == -1 ? 0 : map);
        }
        catch (Exception ex) when (ex is SqliteException or EntryPointNotFoundException or DllNotFoundException or IOException)
        {
            return new WalIndexStamp(databasePath, 0);
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
