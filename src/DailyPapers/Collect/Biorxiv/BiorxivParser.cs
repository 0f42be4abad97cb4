using System.Globalization;
using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Collect.Biorxiv;

/// <summary>One page of <c>/details/{server}/{from}/{to}/{cursor}</c>: its <c>messages</c> status, the total, and the records read.</summary>
public sealed record BiorxivPage(string Status, int Total, int Count, IReadOnlyList<BiorxivRecord> Records, IReadOnlyList<FeedProblem> Problems)
{
    /// <summary>True when <c>messages</c> says <c>ok</c>.</summary>
    public bool IsOk => Status == "ok";

    /// <summary>True when <c>messages</c> says the interval has no papers (an empty day).</summary>
    public bool IsEmpty => Status.StartsWith("no posts found", StringComparison.Ordinal);
}

/// <summary>A record of a page: the paper (id = its DOI) and its category as the server names it.</summary>
public sealed record BiorxivRecord(Paper Paper, string Category);

/// <summary>Reads a page of the bioRxiv/medRxiv details API; each unreadable record is named by its index and DOI, the rest kept.</summary>
public static class BiorxivParser
{
    /// <summary>Parses a page; a body that is not the documented JSON gives no records and one problem.</summary>
    public static BiorxivPage Parse(ReadOnlySpan<byte> json, string sourceName, int cursor)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            return Broken(sourceName, $"malformed JSON ({ex.Message})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages)
                || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0 || messages[0].ValueKind != JsonValueKind.Object)
                return Broken(sourceName, "no 'messages' status block");
            var message = messages[0];
            var status = Text(message, "status")?.Trim() ?? "";
            var total = Number(message, "total") ?? 0;
            var count = Number(message, "count") ?? 0;
            var records = new List<BiorxivRecord>();
            var problems = new List<FeedProblem>();
            if (root.TryGetProperty("collection", out var collection) && collection.ValueKind == JsonValueKind.Array)
            {
                var index = cursor;
                foreach (var element in collection.EnumerateArray())
                {
                    try
                    {
                        records.Add(Read(element));
                    }
                    catch (Exception ex) when (ex is FormatException or InvalidOperationException)
                    {
                        problems.Add(new FeedProblem(sourceName, index, ex.Message));
                    }
                    index++;
                }
            }
            return new BiorxivPage(status, total, count, records, problems);
        }
    }

    private static BiorxivPage Broken(string sourceName, string message) => new("unreadable", 0, 0, [], [new FeedProblem(sourceName, null, message)]);

    private static BiorxivRecord Read(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new FormatException($"expected a JSON object, found {e.ValueKind}");
        var rawDoi = Text(e, "doi") ?? throw new FormatException("record has no 'doi'");
        if (!Doi.TryParse(rawDoi, out var doi)) throw new FormatException($"'{Short(rawDoi)}' is not a DOI");
        var title = Text(e, "title");
        if (string.IsNullOrWhiteSpace(title)) throw new FormatException($"paper {doi} has no title");
        if (title.Length > 1_000) throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"paper {doi}: title of {title.Length:N0} characters, more than the 1,000 allowed"));
        var abs = Text(e, "abstract") ?? "";
        if (abs.Length > 20_000) throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"paper {doi}: abstract of {abs.Length:N0} characters, more than the 20,000 allowed"));
        var authors = (Text(e, "authors") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(TextFolding.Fold).Where(a => a.Length is > 0 and <= 300).ToList();
        return new BiorxivRecord(new Paper
        {
            ArxivId = doi,
            Version = int.TryParse(Text(e, "version"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null,
            Title = title.Trim(),
            Authors = authors,
            Abstract = abs.Trim(),
            PublishedAt = DateTimeOffset.TryParseExact(Text(e, "date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null,
        }, Text(e, "category")?.Trim() ?? "");
    }

    private static string Short(string text) => text.Length > 80 ? text[..80] + "…" : text;

    // The API writes numbers as numbers or as strings ("total": "156"), and every field as a string.
    private static int? Number(JsonElement obj, string name) => obj.TryGetProperty(name, out var v)
        ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n
        : v.ValueKind == JsonValueKind.String && int.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
        : null
        : null;

    private static string? Text(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) ? v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        _ => null,
    } : null;
}
