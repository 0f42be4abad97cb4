using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Rank;

/// <summary>One paper of a user's library: what it is about and when it was added or published (for recency weighting).</summary>
public sealed record LibraryItem(string Title, string Abstract, DateOnly? Date, string? ArxivId, string Where)
{
    /// <summary>The text encoded for the item, as <see cref="PaperVectors.TextOf"/> encodes a paper.</summary>
    public string Text => string.IsNullOrWhiteSpace(Abstract) ? TextFolding.Fold(Title) : TextFolding.Fold(Title) + ". " + TextFolding.Fold(Abstract);
}

/// <summary>A library entry that could not be used: the file, where in it (a line or an entry), and why.</summary>
public sealed record LibraryProblem(string File, string Where, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}: {Where}: {Message}";
}

/// <summary>What a library file gave: the usable items and one problem per entry left out.</summary>
public sealed record LibraryRead(IReadOnlyList<LibraryItem> Items, IReadOnlyList<LibraryProblem> Problems);

/// <summary>
/// Reads a library: a BibTeX file (<c>.bib</c>), a Zotero CSL-JSON export (<c>.json</c>), or any other file as a list of
/// arXiv ids (one a line, <c>#</c> starts a comment) looked up in the store. A malformed entry is named and skipped.
/// </summary>
public static partial class LibraryReader
{
    /// <summary>Reads the file at <paramref name="path"/>; a missing or unreadable file is one problem, not an exception.</summary>
    public static async Task<LibraryRead> ReadAsync(string path, IPaperStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(store);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new LibraryRead([], [new LibraryProblem(path, "file", $"cannot be read: {ex.Message}")]);
        }
        if (string.IsNullOrWhiteSpace(text)) return new LibraryRead([], [new LibraryProblem(path, "file", "is empty")]);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".bib" or ".bibtex" => ReadBibTeX(path, text),
            ".json" => ReadCslJson(path, text),
            _ => await ReadIdsAsync(path, text, store, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Parses BibTeX text: <c>@type{key, field = {value} | "value" | number, ...}</c>; comments and strings are skipped.</summary>
    public static LibraryRead ReadBibTeX(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = new List<LibraryItem>();
        var problems = new List<LibraryProblem>();
        var i = 0;
        while ((i = text.IndexOf('@', i)) >= 0)
        {
            var line = LineAt(text, i);
            var open = text.IndexOfAny(['{', '('], i);
            if (open < 0) { problems.Add(new(file, $"line {line}", "an entry with no opening brace")); break; }
            var type = text[(i + 1)..open].Trim().ToLowerInvariant();
            var close = Matching(text, open);
            if (close < 0)
            {
                problems.Add(new(file, $"line {line}", $"the @{type} entry is not closed (unbalanced braces); the rest of the file after it is read from the next '@'"));
                i = open + 1;
                continue;
            }
            var body = text[(open + 1)..close];
            i = close + 1;
            if (type is "comment" or "string" or "preamble") continue;
            if (!BibTypeName().IsMatch(type)) { problems.Add(new(file, $"line {line}", $"'@{type}' is not an entry type")); continue; }
            var comma = body.IndexOf(',', StringComparison.Ordinal);
            var key = (comma < 0 ? body : body[..comma]).Trim();
            var where = $"entry '{key}' (line {line})";
            if (comma < 0) { problems.Add(new(file, where, "has no fields")); continue; }
            Dictionary<string, string> fields;
            try
            {
                fields = BibFields(body[(comma + 1)..]);
            }
            catch (FormatException ex)
            {
                problems.Add(new(file, where, ex.Message));
                continue;
            }
            var title = Clean(fields.GetValueOrDefault("title"));
            if (title.Length == 0) { problems.Add(new(file, where, "has no title")); continue; }
            DateOnly? date = null;
            if (int.TryParse(fields.GetValueOrDefault("year"), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is > 1900 and < 3000)
                date = new DateOnly(year, Month(fields.GetValueOrDefault("month")), 1);
            var arxiv = fields.GetValueOrDefault("eprint") is { } e && ArxivId.TryParse(e, out var id) ? id.Id
                : ArxivInUrl(fields.GetValueOrDefault("url") ?? fields.GetValueOrDefault("journal") ?? "");
            items.Add(new LibraryItem(title, Clean(fields.GetValueOrDefault("abstract")), date, arxiv, where));
        }
        if (items.Count == 0 && problems.Count == 0) problems.Add(new(file, "file", "holds no BibTeX entry"));
        return new LibraryRead(items, problems);
    }

    /// <summary>Parses a CSL-JSON array (Zotero's "CSL JSON" export): <c>title</c>, <c>abstract</c>, <c>issued</c>, <c>URL</c>.</summary>
    public static LibraryRead ReadCslJson(string file, string text)
    {
        var items = new List<LibraryItem>();
        var problems = new List<LibraryProblem>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return new LibraryRead([], [new(file, $"line {(ex.LineNumber ?? 0) + 1}", $"is not valid JSON: {ex.Message}")]);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                return new LibraryRead([], [new(file, "file", $"a CSL-JSON export is an array of items; this file holds a JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}")]);
            var n = 0;
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                n++;
                var where = $"item {n}";
                if (item.ValueKind != JsonValueKind.Object) { problems.Add(new(file, where, "is not an object")); continue; }
                if (Str(item, "id") is { Length: > 0 } itemId) where += $" (id '{itemId}')";
                var title = Clean(Str(item, "title"));
                if (title.Length == 0) { problems.Add(new(file, where, "has no title")); continue; }
                items.Add(new LibraryItem(title, Clean(Str(item, "abstract")), Issued(item), ArxivInUrl(Str(item, "URL") ?? Str(item, "number") ?? ""), where));
            }
            if (n == 0) problems.Add(new(file, "file", "the array holds no item"));
        }
        return new LibraryRead(items, problems);
    }

    /// <summary>Reads a list of arXiv ids and looks each up in the store; a malformed or unknown id is named by its line.</summary>
    public static async Task<LibraryRead> ReadIdsAsync(string file, string text, IPaperStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(store);
        var items = new List<LibraryItem>();
        var problems = new List<LibraryProblem>();
        var lines = text.Split('\n');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var n = 0; n < lines.Length; n++)
        {
            var raw = lines[n];
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var entry = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (entry.Length == 0) continue;
            var where = $"line {n + 1}";
            var candidate = ArxivInUrl(entry) ?? entry;
            if (!ArxivId.TryParse(candidate, out var id)) { problems.Add(new(file, where, $"'{Shorten(entry)}' is not an arXiv id")); continue; }
            if (!seen.Add(id.Id)) continue;
            var paper = await store.GetPaperAsync(id.Id, cancellationToken).ConfigureAwait(false);
            if (paper is null) { problems.Add(new(file, where, $"{id.Id} is not in the store (fetch its day first)")); continue; }
            items.Add(new LibraryItem(paper.FoldedTitle, paper.Abstract, paper.PublishedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null, paper.ArxivId, where));
        }
        if (items.Count == 0 && problems.Count == 0) problems.Add(new(file, "file", "holds no arXiv id"));
        return new LibraryRead(items, problems);
    }

    private static int LineAt(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    // The index of the brace or parenthesis closing the one at `open`, or -1.
    private static int Matching(string text, int open)
    {
        var closer = text[open] == '(' ? ')' : '}';
        var depth = 0;
        for (var j = open; j < text.Length; j++)
        {
            var c = text[j];
            if (c == '\\') { j++; continue; }
            if (c == '{' || (closer == ')' && c == '(')) depth++;
            else if (c == '}' || (closer == ')' && c == ')'))
            {
                depth--;
                if (depth == 0) return c == closer ? j : -1;
            }
            else if (c == '@' && depth == 1 && j > open + 1 && text[j - 1] == '\n') return -1; // the next entry began before this one closed
        }
        return -1;
    }

    private static Dictionary<string, string> BibFields(string body)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (true)
        {
            while (i < body.Length && (char.IsWhiteSpace(body[i]) || body[i] == ',')) i++;
            if (i >= body.Length) return fields;
            var eq = body.IndexOf('=', i);
            if (eq < 0) throw new FormatException($"'{Shorten(body[i..].Trim())}' is not a field (expected name = value)");
            var name = body[i..eq].Trim();
            if (!BibFieldName().IsMatch(name)) throw new FormatException($"'{Shorten(name)}' is not a field name");
            i = eq + 1;
            var value = new StringBuilder();
            // A value is parts joined by '#': {braced}, "quoted", or a bare number/macro.
            while (true)
            {
                while (i < body.Length && char.IsWhiteSpace(body[i])) i++;
                if (i >= body.Length) throw new FormatException($"field '{name}' has no value");
                if (body[i] == '{')
                {
                    var end = Matching(body, i);
                    if (end < 0) throw new FormatException($"field '{name}' has unbalanced braces");
                    value.Append(body, i + 1, end - i - 1);
                    i = end + 1;
                }
                else if (body[i] == '"')
                {
                    var end = i + 1;
                    var depth = 0;
                    while (end < body.Length && !(body[end] == '"' && depth == 0))
                    {
                        if (body[end] == '{') depth++;
                        else if (body[end] == '}') depth--;
                        end++;
                    }
                    if (end >= body.Length) throw new FormatException($"field '{name}' has an unclosed quote");
                    value.Append(body, i + 1, end - i - 1);
                    i = end + 1;
                }
                else
                {
                    var end = i;
                    while (end < body.Length && body[end] != ',' && body[end] != '#') end++;
                    value.Append(body.AsSpan(i, end - i).Trim());
                    i = end;
                }
                while (i < body.Length && char.IsWhiteSpace(body[i])) i++;
                if (i < body.Length && body[i] == '#') { i++; continue; }
                break;
            }
            if (i < body.Length && body[i] != ',') throw new FormatException($"field '{name}' is followed by '{Shorten(body[i..].Trim())}' instead of a comma");
            fields[name] = value.ToString();
        }
    }

    private static int Month(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return 1;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12) return m;
        var names = new[] { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
        var index = Array.FindIndex(names, n => text.Trim().StartsWith(n, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? 1 : index + 1;
    }

    private static DateOnly? Issued(JsonElement item)
    {
        if (!item.TryGetProperty("issued", out var issued) || issued.ValueKind != JsonValueKind.Object) return null;
        if (!issued.TryGetProperty("date-parts", out var parts) || parts.ValueKind != JsonValueKind.Array) return null;
        if (parts.GetArrayLength() == 0 || parts[0].ValueKind != JsonValueKind.Array) return null;
        var p = parts[0].EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v
            : e.ValueKind == JsonValueKind.String && int.TryParse(e.GetString(), CultureInfo.InvariantCulture, out var s) ? s : 0).ToArray();
        if (p.Length == 0 || p[0] is < 1900 or > 3000) return null;
        return new DateOnly(p[0], p.Length > 1 && p[1] is >= 1 and <= 12 ? p[1] : 1, 1);
    }

    private static string? Str(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // TeX braces and commands out, white space folded.
    private static string Clean(string? text) =>
        string.IsNullOrWhiteSpace(text) ? "" : TextFolding.Fold(TexCommand().Replace(text, "").Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal)).Trim();

    private static string? ArxivInUrl(string text)
    {
        var m = ArxivUrl().Match(text);
        return m.Success && ArxivId.TryParse(m.Groups["id"].Value, out var id) ? id.Id : null;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex(@"^[a-z]+$")]
    private static partial Regex BibTypeName();

    [GeneratedRegex(@"^[A-Za-z][\w\-:.]*$")]
    private static partial Regex BibFieldName();

    [GeneratedRegex(@"\\[a-zA-Z]+\s*")]
    private static partial Regex TexCommand();

    [GeneratedRegex(@"arxiv\.org/(?:abs|pdf)/(?<id>\d{4}\.\d{4,5}(?:v\d+)?)|^arXiv:(?<id>\d{4}\.\d{4,5}(?:v\d+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex ArxivUrl();
}
