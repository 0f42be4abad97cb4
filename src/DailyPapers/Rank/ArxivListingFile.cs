using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Rank;

/// <summary>
/// Reads a daily arXiv listing (JSON lines of <c>id, categories, authors, title, summary</c>, as in the shared
/// <c>arxiv_listings/daily_arxiv</c> data) into papers with their categories; the ranking bench and tests use it.
/// A line that is not such a record is named and skipped; an id listed twice is kept once.
/// </summary>
internal static class ArxivListingFile
{
    public static (IReadOnlyList<Paper> Papers, IReadOnlyList<string> Problems) Read(string path)
    {
        var papers = new List<Paper>();
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                var id = r.GetProperty("id").GetString();
                var title = r.GetProperty("title").GetString();
                if (!ArxivId.TryParse(id, out var arxiv) || string.IsNullOrWhiteSpace(title)) { problems.Add($"{path}: line {n}: no arXiv id or title"); continue; }
                if (!seen.Add(arxiv.Id)) continue;
                papers.Add(new Paper
                {
                    ArxivId = arxiv.Id,
                    Title = title,
                    Abstract = r.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "",
                    Authors = r.TryGetProperty("authors", out var a) && a.ValueKind == JsonValueKind.Array ? [.. a.EnumerateArray().Select(x => x.GetString() ?? "")] : [],
                    Arxiv = new ArxivMetadata
                    {
                        Categories = r.TryGetProperty("categories", out var c) && c.ValueKind == JsonValueKind.Array ? [.. c.EnumerateArray().Select(x => x.GetString() ?? "")] : [],
                    },
                });
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                problems.Add($"{path}: line {n}: {ex.Message}");
            }
        }
        return (papers, problems);
    }
}
