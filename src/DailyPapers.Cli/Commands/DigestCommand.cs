using System.CommandLine;
using DailyPapers.Collect;
using DailyPapers.Collect.HuggingFace;
using DailyPapers.Llm;
using DailyPapers.Pipeline;
using DailyPapers.Publish;
using DailyPapers.Publish.Markdown;
using DailyPapers.Rank;
using DailyPapers.Summarize;
using DailyPapers.Workers;
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
        var profile = new Option<string?>("--profile") { Description = "Rank the day for a profile (DailyPapers:Profiles:NAME): papers in ranked order, the reasons under each title." };
        var store = new Option<string?>("--store") { Description = "The SQLite store file (default: DailyPapers:Store:Path)." };
        var noWait = new Option<bool>("--no-wait") { Description = "With workers on (DailyPapers:Workers:Enabled): enqueue the day's jobs and return without waiting for the workers." };
        var top = new Option<int?>("--top") { Description = "Cost cascade: summarize the N best-ranked papers (by --profile when given, else votes, else DailyPapers:Digest:Keywords) with the LLM and the rest offline (default: DailyPapers:Digest:Top, else all with the LLM)." };

        var command = new Command("digest", "Collect a day's papers, summarize each one and print the digest in the reference Markdown layout.")
        {
            date, source, output, lang, summarizer, store, model, top, profile, noWait,
        };
        command.SetAction((parse, ct) => RunAsync(context,
            parse.GetValue(date), parse.GetValue(source), parse.GetValue(output), parse.GetValue(lang),
            parse.GetValue(summarizer), parse.GetValue(store), parse.GetValue(model), parse.GetValue(top), parse.GetValue(profile), parse.GetValue(noWait), ct));
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

    private static async Task<int> RunAsync(CliContext context, string? dateText, string? sourcePath, string? outPath, string? langText, string? summarizerName, string? storePath, string? modelName, int? topArgument, string? profileName, bool noWait, CancellationToken ct)
    {
        if (topArgument is <= 0) throw new ArgumentException($"--top must be 1 or more, got {topArgument}");
        using var host = CliApp.BuildHost(context, storePath, b => CliApp.OverrideModel(b, modelName));
        var workers = host.Get<IOptions<WorkersOptions>>().Value.Enabled;
        if (workers && profileName is not null)
            throw new ArgumentException("--profile orders a digest printed by this process; with workers on (DailyPapers:Workers:Enabled) run it without --profile");
        if (!workers && noWait)
            throw new ArgumentException("--no-wait applies only with workers on (DailyPapers:Workers:Enabled=true); without workers the digest runs in this process");
        // A profile is read before any work, so one with nothing usable fails at start, naming it; each skipped entry is named.
        LoadedProfile? profile = null;
        if (profileName is not null)
        {
            profile = await host.Get<ProfileRanker>().LoadAsync(profileName, ct).ConfigureAwait(false);
            foreach (var problem in profile.Problems) context.Error.WriteLine($"dailypapers: profile '{profile.Name}': skipped {problem}");
        }
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
        var request = new DigestRequest(day, languages)
        {
            Source = source, Summarizer = chosen.Name, Top = top,
            // With a profile the cascade spends the model on the profile's best papers (votes decide when it matches none).
            Ranker = profile is null ? null : new ProfileDayRanker(host.Get<ProfileRanker>(), profile, host.Get<IDayRanker>()),
        };
        if (workers)
            return await QueuedDigest.RunAsync(context, host, request, outPath, wait: !noWait, ct).ConfigureAwait(false);
        var runner = host.Get<DigestRunner>();
        var result = await runner.RunAsync(request, new ProgressPrinter(err, context.Interactive), ct).ConfigureAwait(false);

        var digests = result.Digests;
        IReadOnlyDictionary<string, string>? notes = null;
        if (profile is not null)
            (digests, notes) = await RankAsync(host.Get<ProfileRanker>(), profile, digests, err, ct).ConfigureAwait(false);
        var markdown = string.Concat(digests.Select(d => MarkdownPublisher.Render(PublishedDay.From(d), notes)));
        if (outPath is null)
        {
            await context.Out.WriteAsync(markdown.AsMemory(), ct).ConfigureAwait(false);
            await context.Out.FlushAsync(ct).ConfigureAwait(false);
        }
        else
        {
            await MarkdownArchive.MergeIntoFileAsync(outPath, digests.Select(d => (d.Date, MarkdownPublisher.Render(PublishedDay.From(d), notes))), ct).ConfigureAwait(false);
            err.WriteLine($"dailypapers: wrote {outPath}");
        }
        return ReportPrinter.Print(result.Report, err);
    }

    // Orders every language's digest by the profile's ranking; the notes are the reasons, by arXiv id.
    private static async Task<(IReadOnlyList<Digest>, IReadOnlyDictionary<string, string>)> RankAsync(ProfileRanker ranker, LoadedProfile profile,
        IReadOnlyList<Digest> digests, TextWriter err, CancellationToken ct)
    {
        var papers = digests.SelectMany(d => d.Items).Select(i => i.Entry.Paper).DistinctBy(p => p.ArxivId, StringComparer.Ordinal).ToList();
        var ranking = await ranker.RankAsync(profile, papers, ct).ConfigureAwait(false);
        var order = ranking.Papers.Select((r, i) => (r.Paper.ArxivId, i)).ToDictionary(x => x.ArxivId, x => x.i, StringComparer.Ordinal);
        err.WriteLine($"dailypapers: ranked {papers.Count} papers for profile '{profile.Name}' ({profile.Library.Count} library items" +
            (ranking.UsedTextClassifier ? ", embeddings + tf-idf SVM" : profile.Library.Count > 0 ? ", embeddings" : "") + ")");
        var notes = ranking.Papers.ToDictionary(r => r.Paper.ArxivId, r => string.Join("; ", r.Reasons), StringComparer.Ordinal);
        return ([.. digests.Select(d => d with { Items = [.. d.Items.OrderBy(i => order[i.Entry.Paper.ArxivId])] })], notes);
    }
}
