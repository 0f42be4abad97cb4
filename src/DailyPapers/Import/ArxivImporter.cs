using System.Diagnostics;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Import;

/// <summary>Where an import stands: records read, papers inserted or updated, records skipped as unreadable.</summary>
public sealed record ImportProgress(long Read, long Stored, long Malformed, TimeSpan Elapsed)
{
    /// <summary>Records read per second so far.</summary>
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Read / Elapsed.TotalSeconds : 0;

    /// <summary>Read but neither new nor newer than what was stored (a re-import).</summary>
    public long Unchanged => Read - Malformed - Stored;
}

/// <summary>
/// Streams an arXiv metadata file into the store in batches (one transaction each): reading the next batch overlaps
/// writing the previous one. An unreadable record is reported by place and reason and skipped; the rest goes on.
/// </summary>
public static class ArxivImporter
{
    /// <summary>Imports <paramref name="path"/>; returns the final counts.</summary>
    public static async Task<ImportProgress> ImportAsync(string path, IPaperImport store, int batchSize, Action<ImportRecord> malformed,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(malformed);
        if (batchSize < 1) throw new ArgumentException($"--batch must be at least 1, not {batchSize}");
        var clock = Stopwatch.StartNew();
        long read = 0, stored = 0, bad = 0;
        var batch = new List<Paper>(batchSize);
        Task<int>? writing = null;
        foreach (var record in ArxivSnapshotReader.Read(path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            read++;
            if (record.Paper is null)
            {
                bad++;
                malformed(record);
                continue;
            }
            batch.Add(record.Paper);
            if (batch.Count < batchSize) continue;
            if (writing is not null) stored += await writing.ConfigureAwait(false);
            progress?.Report(new ImportProgress(read, stored, bad, clock.Elapsed));
            var full = batch;
            writing = store.ImportPapersAsync(full, cancellationToken);
            batch = new List<Paper>(batchSize);
        }
        if (writing is not null) stored += await writing.ConfigureAwait(false);
        stored += await store.ImportPapersAsync(batch, cancellationToken).ConfigureAwait(false);
        var done = new ImportProgress(read, stored, bad, clock.Elapsed);
        progress?.Report(done);
        return done;
    }
}
