using System.CommandLine;
using System.Text;
using DailyPapers.Collect;
using DailyPapers.Collect.HuggingFace;
using DailyPapers.Llm;
using DailyPapers.Pipeline;
using DailyPapers.Publish.Markdown;
using DailyPapers.Summarize;
using Microsoft.Extensions.Options;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers digest</c>: collect, summarize and print a day's digest as Markdown.</summary>
internal static class DigestCommand
{
    public static Command Create(CliContext context)
    {
        var date = new Option<string?>("--date") { Description = "The day to digest, YYYY-MM-DD (default: the newest day of the source)." };
        var source = new Option<string?>("--source") { Description = "A Hugging Face API response file (YYYY-MM-DD.json) or a folder of them (default: the store, then the live Hugging Face API, then the bundled sample)." };
        var output = new Option<string?>("--out") { Description = "Write the digest to FILE; a day already in the file is replaced in place, other days are kept." };
        var lang = new Option<string?>("--lang") { Description = "Summary language(s), comma-separated BCP-47 codes (default: DailyPapers:Digest:Language, ko)." };
        var summarizer = new Option<string?>("--summarizer") { Description = "The summarizer: extractive (offline), openai (or any OpenAI-compatible server), ollama or anthropic (default: DailyPapers:Digest:Summarizer, else DailyPapers:Llm:Provider, else extractive)." };
        var model = new Option<string?>("--model") { Description = "The LLM model name (default: DailyPapers:Llm:Model, else the provider's default)." };
        var store = new Option<string?>("--store") { Description = "The SQLite store file (default: DailyPapers:Store:Path)." };
        var top = new Option<int?>("--top") { Description = "Cost cascade: summarize the N best-ranked papers (by votes, else DailyPapers:Digest:Keywords) with the LLM and the rest offline (default: DailyPapers:Digest:Top, else all with the LLM)." };

        var command = new Command("digest", "Collect a day's papers, summarize each one and print the digest in the reference Markdown layout.")
        {
            date, source, output, lang, summarizer, store, model, top,
        };
        command.SetAction((parse, ct) => RunAsync(context,
            parse.GetValue(date), parse.GetValue(source), parse.GetValue(output), parse.GetValue(lang),
            parse.GetValue(summarizer), parse.GetValue(store), parse.GetValue(model), parse.GetValue(top), ct));
        return command;
    }

    // Before any work: a digest that cannot be written should not cost a run first.
    private static void CheckOutput(string outPath)
    {
        var full = Path.GetFullPath(outPath);
        if (Directory.Exists(full)) throw new ArgumentException($"--out '{outPath}' is a folder; give a file name");
        var folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
            throw new ArgumentException($"--out '{outPath}': the folder '{folder}' does not exist");
    }

    private static async Task<int> RunAsync(CliContext context, string? dateText, string? sourcePath, string? outPath, string? langText, string? summarizerName, string? storePath, string? modelName, int? topArgument, CancellationToken ct)
    {
        if (topArgument is <= 0) throw new ArgumentException($"--top must be 1 or more, got {topArgument}");
        using var host = CliApp.BuildHost(context, storePath, b => CliApp.OverrideModel(b, modelName));
        var options = host.Get<IOptions<DigestOptions>>().Value;
        var languages = DigestOptions.ParseLanguages(langText ?? options.Language);
        var fileSource = sourcePath is null ? null : new HuggingFaceFileSource(sourcePath);
        IDaySource? source = fileSource;
        if (outPath is not null) CheckOutput(outPath);
        var err = context.Error;
        DateOnly day;
        if (dateText is not null)
        {
            day = DateArgument.Parse(dateText);
            DateArgument.NotInFuture(day, TimeProvider.System);
        }
        else if (fileSource is not null)
        {
            var (latest, skipped) = await fileSource.LatestReadableDateAsync(ct).ConfigureAwait(false);
            if (latest is { } readable)
            {
                foreach (var problem in skipped) err.WriteLine($"dailypapers: passed over {problem}");
                err.WriteLine($"dailypapers: no --date given: {readable:yyyy-MM-dd}, the newest readable day in {fileSource.Name}");
                day = readable;
            }
            else
            {
                // No day is readable: the newest one goes on and fails there with its own records named
                day = await fileSource.LatestDateAsync(ct).ConfigureAwait(false)
                      ?? throw new SourceException($"source '{sourcePath}' holds no YYYY-MM-DD.json file; pass --date");
            }
        }
        else
        {
            var sample = new BundledSampleSource();
            day = await sample.LatestDateAsync(ct).ConfigureAwait(false) ?? throw new SourceException("the bundled sample holds no day; pass --date");
            err.WriteLine($"dailypapers: no --date given: {day:yyyy-MM-dd}, the day of the bundled sample (pass --date for another day)");
        }

        var chosen = host.Get<SummarizerCatalog>().Get(summarizerName);
        err.WriteLine($"dailypapers: digest of {day:yyyy-MM-dd} in {string.Join(", ", languages)} with the '{chosen.Name}' summarizer ({chosen.Origin.Model})");
        if (languages.Any(l => !string.Equals(chosen.OutputLanguage(l), l, StringComparison.OrdinalIgnoreCase)))
            err.WriteLine($"dailypapers: note: the '{chosen.Name}' summarizer writes {chosen.OutputLanguage(languages[0])} only (it does not translate); configure DailyPapers:Llm:Provider for other languages");

        if (summarizerName is null && string.IsNullOrWhiteSpace(options.Summarizer))
            err.WriteLine("dailypapers: no LLM configured (DailyPapers:Llm:Provider is empty): using the offline extractive summarizer");
        if (modelName is not null && chosen is not LlmSummarizer)
            err.WriteLine($"dailypapers: note: --model applies to LLM summarizers only; the '{chosen.Name}' summarizer ignores it");
        var top = topArgument ?? options.Top;
        if (top is not null && chosen is not LlmSummarizer)
        {
            if (topArgument is not null)
                err.WriteLine($"dailypapers: note: --top applies to LLM summarizers only; the '{chosen.Name}' summarizer summarizes every paper");
            top = null;
        }
        var runner = host.Get<DigestRunner>();
        var result = await runner.RunAsync(
            new DigestRequest(day, languages) { Source = source, Summarizer = chosen.Name, Top = top },
            new ProgressPrinter(err, context.Interactive), ct).ConfigureAwait(false);

        var markdown = string.Concat(result.Digests.Select(MarkdownPublisher.Render));
        if (outPath is null)
        {
            await context.Out.WriteAsync(markdown.AsMemory(), ct).ConfigureAwait(false);
            await context.Out.FlushAsync(ct).ConfigureAwait(false);
        }
        else
        {
            var existing = File.Exists(outPath) ? await File.ReadAllTextAsync(outPath, ct).ConfigureAwait(false) : "";
            foreach (var digest in result.Digests)
                existing = MarkdownArchive.Merge(existing, digest.Date, MarkdownPublisher.Render(digest));
            var temp = outPath + ".tmp";
            await File.WriteAllTextAsync(temp, existing, new UTF8Encoding(false), ct).ConfigureAwait(false);
            File.Move(temp, outPath, overwrite: true);
            err.WriteLine($"dailypapers: wrote {outPath}");
        }
        return ReportPrinter.Print(result.Report, err);
    }
}
