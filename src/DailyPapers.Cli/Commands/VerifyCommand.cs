using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DailyPapers.Collect.HuggingFace;
using DailyPapers.Papers;
using DailyPapers.Pipeline;
using DailyPapers.Storage;
using DailyPapers.Verify;
using DailyPapers.Verify.Audit;

namespace DailyPapers.Cli.Commands;

/// <summary><c>dailypapers verify DIGEST.md</c>: audits an existing Markdown digest against the papers' sources.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var digest = new Argument<string>("DIGEST") { Description = "A Markdown digest: ### [Title](https://arxiv.org/abs/ID) headings with - **Section**: text, - ***Section***: text or plain bullets." };
        var source = new Option<string?>("--source") { Description = "A Hugging Face API response file (YYYY-MM-DD.json) or a folder of them; a folder file that is not one is named and skipped (default: the store, which also holds full texts)." };
        var format = new Option<string>("--format") { Description = "text (default) or json: an array of {arxivId, line, section, kind, severity, text, sourcePassage, message}.", DefaultValueFactory = _ => "text" };
        var lang = new Option<string?>("--lang") { Description = "The digest's language (default: guessed from its script)." };
        var store = new Option<string?>("--store") { Description = "The SQLite store file (default: DailyPapers:Store:Path)." };
        var command = new Command("verify", "Check an existing digest: figures grounded in the source, no repetition, right language, sections kept. Exit 0 when nothing worse than 'unverified' was found, 1 otherwise.")
        {
            digest, source, format, lang, store,
        };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(digest)!, parse.GetValue(source), parse.GetValue(format)!, parse.GetValue(lang), parse.GetValue(store), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string digestPath, string? sourcePath, string format, string? langText, string? storePath, CancellationToken ct)
    {
        if (format is not ("text" or "json"))
            throw new ArgumentException($"--format '{format}' is not supported (use text or json)");
        if (!File.Exists(digestPath))
            throw new FileNotFoundException($"digest '{digestPath}' does not exist");
        var document = DigestMarkdownReader.ReadDocument(await File.ReadAllTextAsync(digestPath, ct).ConfigureAwait(false), digestPath);
        var entries = document.Entries;
        if (entries.Count == 0)
            throw new FormatException($"digest '{digestPath}' holds no paper in the reference layout (### [Title](https://arxiv.org/abs/ID) followed by - **Section**: text bullets)"
                + (document.Problems.Count > 0 ? $"; {AuditPrinter.Clean(document.Problems[0])}" : ""));
        var language = langText is null ? DigestAuditor.GuessLanguage(entries) : DigestOptions.ParseLanguages(langText)[0];

        using var host = CliApp.BuildHost(context, storePath);
        IAuditSource source = sourcePath is null ? new StoreAuditSource(host.Get<IPaperStore>()) : new HuggingFaceAuditSource(sourcePath);
        var results = await host.Get<DigestAuditor>().AuditAsync(entries, language, source, ct).ConfigureAwait(false);
        if (results.All(r => r.Findings.Any(f => f.Kind == FindingKinds.MissingSource)))
            throw new FormatException($"{(sourcePath is null ? "the store" : $"source '{sourcePath}'")} holds none of the {entries.Count} papers of '{digestPath}'"
                + (source is HuggingFaceAuditSource { Problems.Count: > 0 } hf ? $" ({hf.Problems.Count} unreadable records, e.g. {hf.Problems[0]})" : ""));

        foreach (var problem in document.Problems)
            context.Error.WriteLine($"dailypapers: verify: {AuditPrinter.Clean(problem)}");
        if (sourcePath is not null)
        {
            // The folder is read by date: a file of another name is never used, so say so rather than ignore it.
            foreach (var other in new HuggingFaceFileSource(sourcePath).OtherFiles())
                context.Error.WriteLine($"dailypapers: verify: skipped '{AuditPrinter.Clean(other)}': not a Hugging Face API response file (those are named YYYY-MM-DD.json)");
        }
        if (source is HuggingFaceAuditSource { Problems: var feedProblems })
        {
            foreach (var file in feedProblems.Where(p => p.RecordIndex is null))
                context.Error.WriteLine($"dailypapers: verify: skipped '{AuditPrinter.Clean(file.Source)}': not a Hugging Face API response ({AuditPrinter.Clean(file.Message)})");
        }

        var stdout = context.Out;
        if (format == "json")
            await stdout.WriteLineAsync(ToJson(results)).ConfigureAwait(false);
        else
            AuditPrinter.Print(results, language, stdout);
        var all = results.SelectMany(r => r.Findings).ToList();
        context.Error.WriteLine($"dailypapers: verify: {results.Count} papers in {language}: {Summary(all)}"
            + (document.Problems.Count > 0 ? $"; {document.Problems.Count} unreadable heading{(document.Problems.Count == 1 ? "" : "s")} skipped" : ""));
        return all.Any(f => f.Severity > FindingSeverity.Unverified) || document.Problems.Count > 0 ? CliApp.PartialFailure : CliApp.Ok;
    }

    // "3 errors (1 ungrounded, 1 repetition, 1 scale-mismatch), 15 unchecked figures (15 unverified)"; nothing said of what is zero.
    internal static string Summary(IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0) return "no findings";
        var parts = new List<string>();
        foreach (var (severity, one, many) in new[]
        {
            (FindingSeverity.Error, "error", "errors"),
            (FindingSeverity.Warning, "warning", "warnings"),
            (FindingSeverity.Unverified, "unchecked", "unchecked"),
        })
        {
            var these = findings.Where(f => f.Severity == severity).ToList();
            if (these.Count == 0) continue;
            var kinds = string.Join(", ", these.GroupBy(f => f.Kind).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Count()} {g.Key}"));
            parts.Add($"{these.Count} {(these.Count == 1 ? one : many)} ({kinds})");
        }
        return string.Join(", ", parts);
    }

    private static string ToJson(IReadOnlyList<AuditedPaper> results)
    {
        var rows = results.SelectMany(r => r.Findings.Select(f => new
        {
            arxivId = r.Entry.ArxivId,
            line = r.LineOf(f),
            section = f.Section,
            kind = f.Kind,
            severity = f.Severity.ToString().ToLowerInvariant(),
            text = f.Text,
            sourcePassage = f.SourcePassage,
            message = f.Message,
        }));
        return JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}

/// <summary>Prints audit findings for people: per paper its title and id, then one line per finding quoting the text.</summary>
internal static class AuditPrinter
{
    public static void Print(IReadOnlyList<AuditedPaper> results, string language, TextWriter writer)
    {
        foreach (var paper in results.Where(r => r.Findings.Count > 0))
        {
            var sb = new StringBuilder();
            sb.Append(Clean(paper.Entry.Title)).Append(" (").Append(paper.Entry.ArxivId).Append(", checked against the ")
              .Append(paper.FullTextChecked ? "full text" : "abstract").Append(")\n");
            foreach (var f in paper.Findings.OrderByDescending(f => f.Severity))
            {
                // "error ungrounded", "warning schema", but "unverified" and "missing-source" alone: they are unchecked, not wrong.
                sb.Append("  line ").Append(paper.LineOf(f)).Append(": ").Append(f.Severity switch
                {
                    FindingSeverity.Error => "error ",
                    FindingSeverity.Warning => "warning ",
                    _ => "",
                }).Append(f.Kind);
                if (f.Section.Length > 0) sb.Append(" [").Append(Clean(f.Section)).Append(']');
                if (f.Text.Length > 0) sb.Append(" \"").Append(Clean(f.Text)).Append('"');
                if (f.Message is { } m) sb.Append(": ").Append(Clean(m));
                sb.Append('\n');
                if (f.SourcePassage is { } p) sb.Append("      source: \"").Append(Clean(p)).Append("\"\n");
            }
            writer.Write(sb.ToString());
        }
        var clean = results.Count(r => r.Findings.Count == 0);
        writer.WriteLine($"{results.Count} papers checked ({language}); {clean} without findings.");
    }

    // Digest and feed text is untrusted: control characters (terminal escapes) and line breaks become spaces.
    internal static string Clean(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (var i = 0; i < t.Length; i++) span[i] = char.IsControl(t[i]) ? ' ' : t[i];
    });
}
