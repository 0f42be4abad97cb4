using System.Globalization;
using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Collect.HuggingFace;

/// <summary>
/// Reads the JSON of <c>/api/daily_papers?date=</c>, tolerating the drift seen since 2024: <c>mediaUrl</c> before
/// 2024-06-12, <c>thumbnail</c> after, optional <c>mediaUrls</c>, fields added in 2025-2026, and a wrapper object
/// with a <c>data</c> array. Records it cannot read are reported one by one; the rest are kept.
/// </summary>
public static class HuggingFaceFeedParser
{
    /// <summary>Parses a whole response. A body that is not JSON at all yields no entries and one problem.</summary>
    public static DayFeed Parse(ReadOnlySpan<byte> json, string sourceName, DateOnly date)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            return new DayFeed(date, [], [new FeedProblem(sourceName, null, $"malformed JSON ({ex.Message})")]);
        }
        using (doc)
        {
            return Parse(doc.RootElement, sourceName, date);
        }
    }

    private static DayFeed Parse(JsonElement root, string sourceName, DateOnly date)
    {
        var array = root;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data))
            array = data;
        if (array.ValueKind != JsonValueKind.Array)
            return new DayFeed(date, [], [new FeedProblem(sourceName, null, $"expected a JSON array of papers, found {root.ValueKind}")]);

        var reader = new RecordReader(sourceName, date);
        foreach (var element in array.EnumerateArray()) reader.Add(element);
        return reader.Day;
    }

    /// <summary>
    /// Parses a response that is a JSON array from a stream, one record at a time: memory grows with the records kept,
    /// not with the file (a 100 MB day is never held whole). Broken JSON part-way keeps the records before it and names
    /// where it broke.
    /// </summary>
    public static async Task<DayFeed> ParseArrayAsync(Stream json, string sourceName, DateOnly date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        var reader = new RecordReader(sourceName, date);
        try
        {
            await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(json, StreamOptions, cancellationToken).ConfigureAwait(false))
                reader.Add(element);
        }
        catch (JsonException ex)
        {
            reader.Problems.Add(new FeedProblem(sourceName, reader.Index > 0 ? reader.Index : null,
                reader.Index > 0 ? $"malformed JSON from here on; the {reader.Index} records before it are kept ({ex.Message})" : $"malformed JSON ({ex.Message})"));
        }
        return reader.Day;
    }

    private static readonly JsonSerializerOptions StreamOptions = new() { AllowTrailingCommas = true };

    // The records of one day as they are read: entries in feed order, duplicates and unreadable records reported by index.
    private sealed class RecordReader(string sourceName, DateOnly date)
    {
        private readonly List<DailyEntry> _entries = [];
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<FeedProblem> Problems { get; } = [];

        public int Index { get; private set; }

        public DayFeed Day => new(date, _entries, Problems);

        public void Add(JsonElement element)
        {
            try
            {
                var entry = ReadEntry(element, date, _entries.Count);
                if (!_seen.Add(entry.Paper.ArxivId))
                    Problems.Add(new FeedProblem(sourceName, Index, $"duplicate of paper {entry.Paper.ArxivId}; first occurrence kept"));
                else
                    _entries.Add(entry);
            }
            catch (FormatException ex)
            {
                Problems.Add(new FeedProblem(sourceName, Index, ex.Message));
            }
            catch (InvalidOperationException ex) when (ex.InnerException is null || ex.InnerException is FormatException)
            {
                // GetString refuses an escape that is not text (a lone surrogate such as \ud800): this record only.
                Problems.Add(new FeedProblem(sourceName, Index, $"{RecordName(element)}has a string that is not valid text ({ex.Message})"));
            }
            Index++;
        }
    }

    private static DailyEntry ReadEntry(JsonElement element, DateOnly date, int order)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString() ?? "";
            var hint = text.StartsWith('{') && text.Contains("'paper'", StringComparison.Ordinal)
                ? "a string holding a Python repr() of the record, not a JSON object"
                : "a string, not a JSON object";
            throw new FormatException(hint);
        }
        if (element.ValueKind != JsonValueKind.Object)
            throw new FormatException($"expected a JSON object, found {element.ValueKind}");
        if (!element.TryGetProperty("paper", out var paper) || paper.ValueKind != JsonValueKind.Object)
            throw new FormatException("no 'paper' object");

        var rawId = String(paper, "id") ?? throw new FormatException("paper has no 'id'");
        if (!ArxivId.TryParse(rawId, out var id))
            throw new FormatException($"paper id '{rawId}' is not an arXiv id");
        var title = String(paper, "title") ?? String(element, "title");
        if (string.IsNullOrWhiteSpace(title))
            throw new FormatException($"paper {rawId} has no title");
        var summary = String(paper, "summary") ?? String(element, "summary") ?? "";
        CheckLength(rawId, "title", title, MaxTitleLength);
        CheckLength(rawId, "abstract", summary, MaxAbstractLength);
        var authors = Authors(paper);
        if (authors.Count > MaxAuthors)
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"paper {rawId}: {authors.Count:N0} authors, more than the {MaxAuthors:N0} allowed"));
        foreach (var author in authors) CheckLength(rawId, "author name", author, MaxAuthorLength);

        var links = new List<PaperLink>();
        if (NonEmpty(String(paper, "githubRepo")) is { } repo) links.Add(new PaperLink(repo, LinkKind.Code, "huggingface"));
        if (NonEmpty(String(paper, "projectPage")) is { } page) links.Add(new PaperLink(page, LinkKind.Project, "huggingface"));

        return new DailyEntry
        {
            Date = date,
            FeedOrder = order,
            Upvotes = Int(paper, "upvotes") ?? 0,
            Comments = Int(element, "numComments") ?? 0,
            MediaUrl = String(element, "thumbnail") ?? String(element, "mediaUrl") ?? FirstString(element, "mediaUrls"),
            PostedAt = Time(element, "publishedAt"),
            Paper = new Paper
            {
                ArxivId = id.Id,
                Version = id.Version,
                Title = title,
                Authors = authors,
                Abstract = summary,
                PublishedAt = Time(paper, "publishedAt"),
                Links = links,
                HuggingFace = ReadInfo(element, paper, rawId),
            },
        };
    }

    /// <summary>The most machine keywords a record may have (real records have under 30).</summary>
    public const int MaxKeywords = 200;

    /// <summary>The longest machine keyword or organization name a record may have (real ones stay under 100 characters).</summary>
    public const int MaxKeywordLength = 300;

    // The 2025-2026 fields, each where present; an empty string counts as absent (the API serves "" for no summary).
    private static HuggingFacePaperInfo? ReadInfo(JsonElement element, JsonElement paper, string rawId)
    {
        var aiSummary = NonEmpty(String(paper, "ai_summary"));
        if (aiSummary is not null) CheckLength(rawId, "ai_summary", aiSummary, MaxAbstractLength);
        var keywords = Strings(paper, "ai_keywords");
        if (keywords.Count > MaxKeywords)
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"paper {rawId}: {keywords.Count:N0} ai_keywords, more than the {MaxKeywords:N0} allowed"));
        foreach (var keyword in keywords) CheckLength(rawId, "ai_keywords entry", keyword, MaxKeywordLength);
        var organization = Organization(paper) ?? Organization(element);
        if (organization is not null)
        {
            CheckLength(rawId, "organization name", organization.Name, MaxKeywordLength);
            CheckLength(rawId, "organization fullname", organization.FullName ?? "", MaxKeywordLength);
        }
        var repo = NonEmpty(String(paper, "githubRepo"));
        var page = NonEmpty(String(paper, "projectPage"));
        CheckLength(rawId, "githubRepo", repo ?? "", MaxUrlLength);
        CheckLength(rawId, "projectPage", page ?? "", MaxUrlLength);
        var info = new HuggingFacePaperInfo
        {
            AiSummary = aiSummary,
            AiKeywords = keywords,
            GithubRepo = repo,
            GithubStars = Int(paper, "githubStars") is >= 0 and var stars ? stars : null,
            ProjectPage = page,
            Organization = organization,
        };
        return info.IsEmpty ? null : info;
    }

    /// <summary>The longest repository or project page URL a record may have.</summary>
    public const int MaxUrlLength = 2_000;

    private static HuggingFaceOrganization? Organization(JsonElement obj) =>
        obj.TryGetProperty("organization", out var o) && o.ValueKind == JsonValueKind.Object && NonEmpty(String(o, "name")) is { } name
            ? new HuggingFaceOrganization(name, NonEmpty(String(o, "fullname")))
            : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Strings(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => NonEmpty(x.GetString())).OfType<string>()]
            : [];

    /// <summary>The longest title a record may have (real titles stay under 300 characters).</summary>
    public const int MaxTitleLength = 1_000;

    /// <summary>The longest abstract a record may have (arXiv caps abstracts at 1,920 characters; pasted full texts are refused).</summary>
    public const int MaxAbstractLength = 20_000;

    /// <summary>The most authors a record may list (real collaborations stay under 3,500).</summary>
    public const int MaxAuthors = 5_000;

    /// <summary>The longest author name a record may have.</summary>
    public const int MaxAuthorLength = 300;

    // A record beyond these bounds is refused by name, so one hostile field cannot blow up every later stage.
    private static void CheckLength(string id, string field, string value, int max)
    {
        if (value.Length > max)
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"paper {id}: {field} of {value.Length:N0} characters, more than the {max:N0} allowed"));
    }

    // "paper 2408.00001 " when the id can be read, for messages about a record that failed later.
    private static string RecordName(JsonElement element)
    {
        try
        {
            return element.ValueKind == JsonValueKind.Object && element.TryGetProperty("paper", out var p) && p.ValueKind == JsonValueKind.Object
                && String(p, "id") is { } id ? $"paper {id} " : "the record ";
        }
        catch (InvalidOperationException)
        {
            return "the record ";
        }
    }

    private static List<string> Authors(JsonElement paper)
    {
        var names = new List<string>();
        if (!paper.TryGetProperty("authors", out var authors) || authors.ValueKind != JsonValueKind.Array) return names;
        foreach (var a in authors.EnumerateArray())
        {
            var name = a.ValueKind switch
            {
                JsonValueKind.Object => String(a, "name"),
                JsonValueKind.String => a.GetString(),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(name)) names.Add(TextFolding.Fold(name));
        }
        return names;
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? FirstString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()).FirstOrDefault()
            : null;

    private static int? Int(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static DateTimeOffset? Time(JsonElement obj, string name) =>
        String(obj, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
