using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Import;

/// <summary>One record of an import file: the paper, or why the record at that place could not be read.</summary>
/// <param name="Where">The record's place: <c>line N</c> of the file, or a <c>.abs</c> file's name.</param>
/// <param name="Paper">The paper read, or null.</param>
/// <param name="Error">Why the record could not be read, or null.</param>
public sealed record ImportRecord(string Where, Paper? Paper, string? Error);

/// <summary>
/// Reads arXiv metadata records as a stream, one at a time: the Kaggle <c>arxiv-metadata-oai-snapshot.json</c>
/// (one JSON object a line, plain or gzipped), arXiv's native <c>.abs</c> records (a file, a folder of them, or JSON
/// lines carrying one record's text in <c>"text"</c>). A record that cannot be read is yielded with its line number
/// and the reason; the stream goes on.
/// </summary>
public static partial class ArxivSnapshotReader
{
    /// <summary>The records of a file or folder; a missing path is a <see cref="FileNotFoundException"/> naming it.</summary>
    public static IEnumerable<ImportRecord> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
            return Directory.EnumerateFiles(path, "*.abs", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => ReadAbsFile(f, Path.GetRelativePath(path, f)));
        if (!File.Exists(path)) throw new FileNotFoundException($"import file '{path}' does not exist", path);
        if (path.EndsWith(".abs", StringComparison.OrdinalIgnoreCase)) return [ReadAbsFile(path, Path.GetFileName(path))];
        return ReadLines(path);
    }

    private static ImportRecord ReadAbsFile(string file, string name)
    {
        var text = File.ReadAllText(file);
        var paper = ParseAbs(text, VersionFromName(name), out var error);
        return new ImportRecord(name, paper, error);
    }

    private static IEnumerable<ImportRecord> ReadLines(string path)
    {
        using var file = File.OpenRead(path);
        var magic = new byte[2];
        var gz = file.Read(magic, 0, 2) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        using Stream input = gz ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var number = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (InvalidDataException ex)
            {
                // A truncated or corrupt gzip stream: what was read stays read; the rest cannot be.
                throw new InvalidDataException($"import file '{path}' is not a readable gzip stream after line {number}: {ex.Message}", ex);
            }
            if (line is null) yield break;
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return ParseLine(line, number);
        }
    }

    /// <summary>One JSON line: a Kaggle snapshot object, or an object whose <c>text</c> is a whole <c>.abs</c> record.</summary>
    public static ImportRecord ParseLine(string line, int number)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"line {number}");
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new ImportRecord(where, null, $"not a JSON object but {root.ValueKind.ToString().ToLowerInvariant()}");
            if (root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && !root.TryGetProperty("versions", out _))
            {
                var version = root.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? VersionFromName(p.GetString()!) : null;
                var abs = ParseAbs(text.GetString()!, version, out var absError);
                return new ImportRecord(where, abs, absError is null ? null : ".abs record: " + absError);
            }
            var paper = ParseKaggle(root, out var error);
            return new ImportRecord(where, paper, error);
        }
        catch (JsonException ex)
        {
            return new ImportRecord(where, null, "not JSON: " + ex.Message);
        }
    }

    private static Paper? ParseKaggle(JsonElement o, out string? error)
    {
        var id = Str(o, "id");
        if (string.IsNullOrWhiteSpace(id)) { error = "no \"id\""; return null; }
        if (!ValidId(id)) { error = $"\"id\" '{Clip(id)}' is not an arXiv id"; return null; }
        var title = Str(o, "title");
        if (string.IsNullOrWhiteSpace(title)) { error = $"{id}: no \"title\""; return null; }
        if (!o.TryGetProperty("versions", out var versions) || versions.ValueKind != JsonValueKind.Array || versions.GetArrayLength() == 0)
        {
            error = $"{id}: no \"versions\" (the version is part of the import key)"; return null;
        }
        var latest = 0;
        DateTimeOffset? first = null;
        foreach (var v in versions.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.Object || Str(v, "version") is not { } name || !TryVersion(name, out var n))
            {
                error = $"{id}: a \"versions\" entry is not {{\"version\":\"vN\",...}}"; return null;
            }
            latest = Math.Max(latest, n);
            if (n == 1 && Str(v, "created") is { } created && DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c)) first = c.ToUniversalTime();
        }
        error = null;
        var updated = Str(o, "update_date") is { } u && DateTimeOffset.TryParseExact(u, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var ud) ? ud.ToUniversalTime() : (DateTimeOffset?)null;
        return new Paper
        {
            ArxivId = id.Trim(),
            Version = latest,
            Title = Fold(title),
            Authors = KaggleAuthors(o),
            Abstract = Fold(Str(o, "abstract") ?? ""),
            PublishedAt = first,
            Arxiv = new ArxivMetadata
            {
                Categories = (Str(o, "categories") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
                Comments = Blank(Str(o, "comments")),
                JournalRef = Blank(Str(o, "journal-ref")),
                Doi = Blank(Str(o, "doi")),
                LatestVersion = latest,
                UpdatedAt = updated,
            },
        };
    }

    private static List<string> KaggleAuthors(JsonElement o)
    {
        var names = new List<string>();
        if (o.TryGetProperty("authors_parsed", out var parsed) && parsed.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in parsed.EnumerateArray())
            {
                if (a.ValueKind != JsonValueKind.Array) continue;
                var parts = a.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()!.Trim() : "").ToList();
                // [last, first, suffix] → "first last suffix"
                var name = string.Join(' ', new[] { parts.ElementAtOrDefault(1), parts.ElementAtOrDefault(0), parts.ElementAtOrDefault(2) }.Where(s => !string.IsNullOrEmpty(s)));
                if (name.Length > 0) names.Add(name);
            }
            if (names.Count > 0) return names;
        }
        return SplitAuthors(Str(o, "authors") ?? "");
    }

    /// <summary>An <c>.abs</c> record: header fields between the first two <c>\\</c> lines, the abstract up to the third.</summary>
    public static Paper? ParseAbs(string text, int? versionFromName, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text)) { error = "empty record"; return null; }
        var blocks = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\\\\\n");
        if (blocks.Length < 3) { error = "not an .abs record (no header and abstract between \\\\ lines)"; return null; }
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var dates = new List<string>();
        string? last = null;
        foreach (var raw in blocks[1].Split('\n'))
        {
            if (raw.Length == 0) continue;
            if (char.IsWhiteSpace(raw[0]) && last is not null) { fields[last] += " " + raw.Trim(); continue; }
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var key = raw[..colon].Trim();
            var value = raw[(colon + 1)..].Trim();
            if (key.StartsWith("Date", StringComparison.OrdinalIgnoreCase)) { dates.Add(value); last = null; continue; }
            fields[key] = value;
            last = key;
        }
        if (!fields.TryGetValue("arXiv", out var id) || id.Length == 0) { error = "no \"arXiv:\" id line"; return null; }
        var idVersion = IdVersion().Match(id);
        int? version = versionFromName;
        if (idVersion.Success) { id = idVersion.Groups[1].Value; version ??= int.Parse(idVersion.Groups[2].Value, CultureInfo.InvariantCulture); }
        if (!ValidId(id)) { error = $"'{Clip(id)}' is not an arXiv id"; return null; }
        if (!fields.TryGetValue("Title", out var title) || title.Length == 0) { error = $"{id}: no \"Title:\""; return null; }
        version ??= Math.Max(1, dates.Count);
        DateTimeOffset? first = dates.Count > 0 && DateTimeOffset.TryParse(DateOnlyPart().Match(dates[0]).Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d.ToUniversalTime() : null;
        error = null;
        return new Paper
        {
            ArxivId = id,
            Version = version,
            Title = Fold(title),
            Authors = SplitAuthors(fields.GetValueOrDefault("Authors") ?? ""),
            Abstract = Fold(blocks[2]),
            PublishedAt = first,
            Arxiv = new ArxivMetadata
            {
                Categories = (fields.GetValueOrDefault("Categories") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
                Comments = Blank(fields.GetValueOrDefault("Comments")),
                JournalRef = Blank(fields.GetValueOrDefault("Journal-ref")),
                Doi = Blank(fields.GetValueOrDefault("DOI")),
                LatestVersion = version,
            },
        };
    }

    /// <summary>"A, B and C" or "A and B": author names, affiliations in parentheses dropped.</summary>
    private static List<string> SplitAuthors(string authors)
    {
        var flat = Parenthesized().Replace(Fold(authors), "");
        return [.. AuthorSeparator().Split(flat).Select(a => a.Trim()).Where(a => a.Length > 0)];
    }

    private static int? VersionFromName(string name) =>
        NameVersion().Match(name) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static bool TryVersion(string text, out int version) =>
        int.TryParse(text.TrimStart('v', 'V'), NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;

    private static bool ValidId(string id) => ArxivId().IsMatch(id.Trim());

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : Fold(s);

    private static string Fold(string s) => Whitespace().Replace(s, " ").Trim();

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})$")]
    private static partial Regex ArxivId();

    [GeneratedRegex(@"^(.+?)v(\d+)$")]
    private static partial Regex IdVersion();

    [GeneratedRegex(@"v(\d+)\.abs$")]
    private static partial Regex NameVersion();

    [GeneratedRegex(@"^[^(]*?GMT|^[^(]*?\d{4}\s+\d{2}:\d{2}:\d{2}(?:\s+[A-Z]{2,4})?")]
    private static partial Regex DateOnlyPart();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesized();

    [GeneratedRegex(@"\s*,\s*(?:and\s+)?|\s+and\s+")]
    private static partial Regex AuthorSeparator();
}
