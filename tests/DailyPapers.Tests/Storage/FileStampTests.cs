using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

/// <summary>The store's change stamp reads files through statx on Linux: it must say what FileInfo says, and change with the file.</summary>
public sealed class FileStampTests
{
    [Fact]
    public async Task A_file_reads_as_file_info_says_changes_with_each_write_and_a_missing_file_reads_as_zero()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "store.db-wal");
        var stamp = new FileStamp(path);
        Assert.Equal((0L, 0L), stamp.Read());

        await File.WriteAllTextAsync(path, "first");
        var first = stamp.Read();
        var info = new FileInfo(path);
        Assert.Equal((info.LastWriteTimeUtc.Ticks, info.Length), first);

        // the same length written again later: the write time alone moves
        File.SetLastWriteTimeUtc(path, info.LastWriteTimeUtc.AddSeconds(-5));
        await File.WriteAllTextAsync(path, "other");
        var second = stamp.Read();
        Assert.NotEqual(first, second);
        Assert.Equal(5L, second.Length);
        Assert.Equal(new FileInfo(path).LastWriteTimeUtc.Ticks, second.Ticks);

        File.Delete(path);
        Assert.Equal((0L, 0L), stamp.Read());
        // on Linux all of it went through statx, not the fallback
        Assert.Equal(OperatingSystem.IsLinux(), FileStamp.UsesStatx);
    }
}
