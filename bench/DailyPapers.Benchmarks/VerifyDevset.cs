using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DailyPapers.Papers;
using DailyPapers.Verify;
using DailyPapers.Verify.Audit;

namespace DailyPapers.Benchmarks;

/// <summary>
/// <c>verify-devset</c>: audits every real GPT-4o day file (../shared/data/daily_papers_ko) against its Hugging Face
/// abstracts with the built-in verifiers and scores the findings on the hand-labelled set
/// (bench/verify/devset.jsonl): precision of defect-level (error) findings per kind and overall, over the labelled
/// findings raised now; recall over every real defect known (findings labelled real, and the defects listed for the
/// papers checked by hand), a defect counting as caught when a defect-level finding of its paper quotes it.
/// <c>--dump FILE</c> writes every finding raised (JSON lines) for labelling.
/// </summary>
internal static class VerifyDevset
{
    private sealed record Raised(string Day, string ArxivId, int Line, Finding Finding);

    public static async Task<int> RunAsync(string[] args)
    {
        var root = FindRepoRoot();
        var devset = Option(args, "--devset") ?? Path.Combine(root, "bench", "verify", "devset.jsonl");
        var digests = Option(args, "--digests") ?? Path.Combine(root, "..", "shared", "data", "daily_papers_ko");
        var sources = Option(args, "--source") ?? Path.Combine(root, "..", "shared", "data", "hf_daily_papers", "raw_2024");
        var dump = Option(args, "--dump");

        var options = Microsoft.Extensions.Options.Options.Create(new VerifyOptions());
        var auditor = new DigestAuditor([new SchemaVerifier(options), new NumberVerifier(), new RepetitionVerifier(), new LanguageVerifier(options)]);
        var raised = new List<Raised>();
        int files = 0, unreadableFiles = 0, papers = 0, missingSection = 0, missingSource = 0, unreadableHeadings = 0;
        var clock = Stopwatch.StartNew();
        foreach (var file in Directory.GetFiles(digests, "????-??-??.md").Order(StringComparer.Ordinal))
        {
            files++;
            var day = Path.GetFileNameWithoutExtension(file);
            var doc = DigestMarkdownReader.ReadDocument(await File.ReadAllTextAsync(file), file);
            unreadableHeadings += doc.Problems.Count;
            if (doc.Entries.Count == 0) { unreadableFiles++; continue; }
            var results = await auditor.AuditAsync(doc.Entries, DigestAuditor.GuessLanguage(doc.Entries), new HuggingFaceAuditSource(sources), CancellationToken.None);
            foreach (var paper in results)
            {
                papers++;
                if (paper.Findings.Any(f => f.Kind == FindingKinds.MissingSource)) missingSource++;
                if (paper.Findings.Any(f => f.Kind == FindingKinds.Schema && f.Message!.Contains("is missing", StringComparison.Ordinal))) missingSection++;
                raised.AddRange(paper.Findings.Select(f => new Raised(day, paper.Entry.ArxivId, paper.LineOf(f), f)));
            }
        }
        var elapsed = clock.Elapsed;

        if (dump is not null)
        {
            var json = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            await File.WriteAllLinesAsync(dump, raised.Select(r => JsonSerializer.Serialize(new
            {
                day = r.Day, arxivId = r.ArxivId, line = r.Line, kind = r.Finding.Kind, severity = r.Finding.Severity.ToString().ToLowerInvariant(),
                section = r.Finding.Section, text = r.Finding.Text, message = r.Finding.Message, sourcePassage = r.Finding.SourcePassage,
            }, json)));
        }

        Console.WriteLine($"{files} day files, {files - unreadableFiles} read, {unreadableHeadings} unreadable headings; {papers} papers, {missingSource} not in the source files, "
            + $"{missingSection} with a required section missing ({Pct(missingSection, papers)}); audited in {elapsed.TotalSeconds:F1} s");
        Console.WriteLine("findings raised: " + string.Join(", ", raised.GroupBy(r => (r.Finding.Kind, r.Finding.Severity))
            .OrderBy(g => g.Key.Severity).ThenBy(g => g.Key.Kind, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key.Kind} ({g.Key.Severity.ToString().ToLowerInvariant()})")));
        if (!File.Exists(devset))
        {
            Console.Error.WriteLine($"no labelled set at {devset}");
            return dump is null ? 2 : 0;
        }
        return Score(devset, raised);
    }

    private static int Score(string devset, List<Raised> raised)
    {
        var labels = new List<JsonObject>();
        var checkedPapers = new List<JsonObject>();
        foreach (var line in File.ReadLines(devset).Where(l => l.Trim().Length > 0))
        {
            var row = JsonNode.Parse(line)!.AsObject();
            if (Str(row, "type") == "paper") checkedPapers.Add(row); else labels.Add(row);
        }
        static string Key(string day, string id, string kind, string text) => $"{day}|{id}|{kind}|{text}";
        var label = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var l in labels) label[Key(Str(l, "day"), Str(l, "arxivId"), Str(l, "kind"), Str(l, "text"))] = l;

        Console.WriteLine($"labelled set: {labels.Count} findings ({labels.Count(l => Str(l, "label") == "real")} real, {labels.Count(l => Str(l, "label") == "false-alarm")} false alarms; "
            + string.Join(", ", labels.GroupBy(l => Str(l, "level")).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}-level")) + $"), {checkedPapers.Count} papers checked by hand");

        // Precision: the defect-level findings raised now that carry a label.
        var defects = raised.Where(r => r.Finding.Severity == FindingSeverity.Error).ToList();
        Console.WriteLine();
        Console.WriteLine("precision of defect-level findings (labelled ones raised now)");
        Console.WriteLine($"  {"kind",-16} {"raised",6} {"labelled",8} {"real",5} {"false",5} {"precision",9}");
        var (allReal, allFalse) = (0, 0);
        var unlabelled = new List<Raised>();
        foreach (var kind in defects.Select(r => r.Finding.Kind).Distinct().Order(StringComparer.Ordinal))
        {
            var these = defects.Where(r => r.Finding.Kind == kind).ToList();
            int real = 0, wrong = 0;
            foreach (var r in these)
            {
                if (!label.TryGetValue(Key(r.Day, r.ArxivId, r.Finding.Kind, r.Finding.Text), out var l)) { unlabelled.Add(r); continue; }
                if (Str(l, "label") == "real") real++; else wrong++;
            }
            (allReal, allFalse) = (allReal + real, allFalse + wrong);
            Console.WriteLine($"  {kind,-16} {these.Count,6} {real + wrong,8} {real,5} {wrong,5} {Ratio(real, real + wrong),9}");
        }
        Console.WriteLine($"  {"all",-16} {defects.Count,6} {allReal + allFalse,8} {allReal,5} {allFalse,5} {Ratio(allReal, allReal + allFalse),9}");
        foreach (var r in unlabelled)
            Console.WriteLine($"  unlabelled: {r.Day} {r.ArxivId} line {r.Line} {r.Finding.Kind} \"{r.Finding.Text}\"");

        // Below defect level (warnings, unchecked figures): how often the finding is right, for information.
        Console.WriteLine();
        Console.WriteLine("precision below defect level (labelled ones raised now)");
        foreach (var group in raised.Where(r => r.Finding.Severity is FindingSeverity.Warning or FindingSeverity.Unverified)
            .GroupBy(r => (r.Finding.Kind, r.Finding.Severity)).OrderBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            int real = 0, wrong = 0;
            foreach (var r in group)
            {
                if (!label.TryGetValue(Key(r.Day, r.ArxivId, r.Finding.Kind, r.Finding.Text), out var l)) continue;
                if (Str(l, "label") == "real") real++; else wrong++;
            }
            Console.WriteLine($"  {group.Key.Kind + " (" + group.Key.Severity.ToString().ToLowerInvariant() + ")",-26} {group.Count(),6} raised {real + wrong,4} labelled {real,4} right {wrong,4} wrong  {Ratio(real, real + wrong)}");
        }
        var fixedAlarms = labels.Count(l => Str(l, "label") == "false-alarm"
            && !raised.Any(r => Key(r.Day, r.ArxivId, r.Finding.Kind, r.Finding.Text) == Key(Str(l, "day"), Str(l, "arxivId"), Str(l, "kind"), Str(l, "text"))));
        Console.WriteLine($"  false alarms labelled that are no longer raised: {fixedAlarms} of {labels.Count(l => Str(l, "label") == "false-alarm")}");

        // Recall: every real defect known, by the kind it was judged to be.
        var known = new List<(string Day, string Id, string Kind, string Text)>();
        foreach (var l in labels.Where(l => Str(l, "label") == "real" && Str(l, "level") == "defect"))
            known.Add((Str(l, "day"), Str(l, "arxivId"), Str(l, "kind"), Str(l, "text")));
        foreach (var p in checkedPapers)
        {
            foreach (var d in p["defects"]?.AsArray() ?? [])
            {
                var t = (Str(p, "day"), Str(p, "arxivId"), Str(d!.AsObject(), "kind"), Str(d.AsObject(), "text"));
                if (!known.Any(k => k.Day == t.Item1 && k.Id == t.Item2 && Overlaps(k.Text, t.Item4))) known.Add(t);
            }
        }
        Console.WriteLine();
        Console.WriteLine("recall of real defects (labelled real, or listed for a paper checked by hand)");
        Console.WriteLine($"  {"kind",-16} {"defects",7} {"caught",6} {"recall",7}");
        var missed = new List<(string Day, string Id, string Kind, string Text)>();
        int total = 0, caught = 0;
        foreach (var kind in known.Select(k => k.Kind).Distinct().Order(StringComparer.Ordinal))
        {
            var these = known.Where(k => k.Kind == kind).ToList();
            bool Caught((string Day, string Id, string Kind, string Text) k) => defects.Any(r => r.Day == k.Day && r.ArxivId == k.Id
                && (Overlaps(r.Finding.Text, k.Text) || k.Text.Length == 0 && r.Finding.Text.Length == 0 && r.Finding.Kind == k.Kind));
            var hit = these.Count(Caught);
            missed.AddRange(these.Where(k => !Caught(k)));
            (total, caught) = (total + these.Count, caught + hit);
            Console.WriteLine($"  {kind,-16} {these.Count,7} {hit,6} {Ratio(hit, these.Count),7}");
        }
        Console.WriteLine($"  {"all",-16} {total,7} {caught,6} {Ratio(caught, total),7}");
        foreach (var m in missed)
            Console.WriteLine($"  missed: {m.Day} {m.Id} {m.Kind} \"{m.Text}\"");
        return 0;
    }

    // The same defect: one text contains the other (a finding quotes "7억에서 70억", the label "7억"); a defect
    // without text (a missing section) is caught by a finding of its kind without text.
    private static bool Overlaps(string a, string b) =>
        a.Length > 0 && b.Length > 0 && (a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal));

    private static string Str(JsonObject o, string name) => o[name]?.GetValue<string>() ?? "";

    private static string Ratio(int a, int b) => b == 0 ? "-" : ((double)a / b).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Pct(int a, int b) => b == 0 ? "-" : ((double)a / b).ToString("0.0 %", CultureInfo.InvariantCulture);

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DailyPapers.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (DailyPapers.slnx)");
    }
}
