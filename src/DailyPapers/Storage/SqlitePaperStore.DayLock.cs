using System.Globalization;
using System.Text;

namespace DailyPapers.Storage;

/// <summary>
/// A date's run lock on SQLite: the file <c>STORE.locks/YYYY-MM-DD.lock</c> opened exclusively (on Linux and macOS
/// .NET takes an flock on it, which the kernel drops when the process ends, even by SIGKILL), and the holder's
/// description in <c>YYYY-MM-DD.holder</c> beside it. Lock files are left in place: deleting one could let two
/// processes lock two different files of the same name.
/// </summary>
public sealed partial class SqlitePaperStore : IDayRunLock
{
    /// <summary>The folder of the day lock files, beside the store file.</summary>
    public string LockFolder => Path + ".locks";

    /// <inheritdoc />
    public async Task<IAsyncDisposable> AcquireDayAsync(DateOnly date, string purpose, CancellationToken cancellationToken)
    {
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var lockPath = System.IO.Path.Combine(LockFolder, day + ".lock");
        var holderPath = System.IO.Path.Combine(LockFolder, day + ".holder");
        FileStream held;
        try
        {
            Directory.CreateDirectory(LockFolder);
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException && File.Exists(lockPath))
        {
            // Sharing violation: another open handle (this or another process) holds the lock.
            var holder = File.Exists(holderPath) ? (await File.ReadAllTextAsync(holderPath, cancellationToken).ConfigureAwait(false)).Trim() : "";
            throw new DayBusyException(date, holder.Length > 0 ? holder : "another process");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreException($"cannot lock {day} in the store '{Name}': {ex.Message} ({lockPath})");
        }
        try
        {
            await File.WriteAllTextAsync(holderPath, DayRunHolder.Describe(purpose, DateTimeOffset.UtcNow) + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await held.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new FileDayLock(held, holderPath);
    }

    private sealed class FileDayLock(FileStream held, string holderPath) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            // The holder file goes first, while the lock is still held, so no later holder's description is removed.
            try { File.Delete(holderPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            await held.DisposeAsync().ConfigureAwait(false);
        }
    }
}
