using System.CommandLine;
using System.Globalization;
using DailyPapers.Import;
using DailyPapers.Storage;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers import-arxiv FILE</c>: bulk-load arXiv metadata (Kaggle snapshot lines, plain or gzipped, or <c>.abs</c> records) into the store.</summary>
internal static class ImportArxivCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "arxiv-metadata-oai-snapshot.json (one JSON object a line, optionally .gz), an .abs file, a folder of .abs files, or JSON lines whose \"text\" is an .abs record." };
        var batch = new Option<int>("--batch") { Description = "Papers per transaction.", DefaultValueFactory = _ => 10_000 };
        var store = new Option<string?>("--store") { Description = "The SQLite store file (default: DailyPapers:Store:Path)." };
        var command = new Command("import-arxiv", "Import arXiv paper metadata into the store in bulk (idempotent by arXiv id and version).")
        {
            file, batch, store,
        };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(file)!, parse.GetValue(batch), parse.GetValue(store), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string path, int batchSize, string? storePath, CancellationToken ct)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"import file '{path}' does not exist", path);
        using var host = CliApp.BuildHost(context, storePath);
        var target = host.Get<IPaperStore>();
        var store = target as IPaperImport ?? throw new InvalidOperationException($"the store '{target.GetType().Name}' cannot import papers in bulk");
        var err = context.Error;
        var name = target is RelationalPaperStore r ? r.Name : target.GetType().Name;
        err.WriteLine($"dailypapers: importing {path} into {name} in batches of {batchSize:N0}");
        long reported = 0;
        var progress = new Progress(err, context.Interactive);
        var result = await ArxivImporter.ImportAsync(path, store, batchSize, record =>
        {
            reported++;
            err.WriteLine($"dailypapers: {Clean(path)}: {Clean(record.Where)}: skipped: {Clean(record.Error ?? "unreadable")}");
        }, progress, ct).ConfigureAwait(false);
        progress.Finish(result);
        err.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dailypapers: imported {path}: {result.Read:N0} records read, {result.Stored:N0} papers inserted or updated, {result.Unchanged:N0} unchanged (already stored at that version or newer), {result.Malformed:N0} skipped as unreadable, in {result.Elapsed.TotalSeconds:0.0} s ({result.RecordsPerSecond:N0} records/s)"));
        return result.Malformed > 0 ? 1 : 0;
    }

    // Untrusted text reaches the terminal: control characters (escapes, line breaks) become spaces.
    private static string Clean(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (var i = 0; i < t.Length; i++) span[i] = char.IsControl(t[i]) ? ' ' : t[i];
    });

    /// <summary>One progress line per batch: rewritten in place on a terminal, at most every 5 s otherwise (and the final one).</summary>
    private sealed class Progress(TextWriter err, bool interactive) : IProgress<ImportProgress>
    {
        private TimeSpan? _last;
        private bool _open;

        public void Report(ImportProgress value) => Report(value, force: false);

        public void Report(ImportProgress value, bool force)
        {
            if (!force && !interactive && _last is { } last && value.Elapsed - last < TimeSpan.FromSeconds(5)) return;
            if (force && !interactive && _last == value.Elapsed) return; // already printed
            _last = value.Elapsed;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"import: {value.Read:N0} read, {value.Stored:N0} stored, {value.Malformed:N0} skipped, {value.RecordsPerSecond:N0}/s");
            if (interactive) { err.Write("\r" + line + "\u001b[K"); _open = true; }
            else err.WriteLine(line);
        }

        public void Finish(ImportProgress final)
        {
            Report(final, force: true);
            if (_open) err.WriteLine();
        }
    }
}
