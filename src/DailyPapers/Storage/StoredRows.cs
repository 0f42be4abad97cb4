using System.Data.Common;
using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Storage;

/// <summary>
/// Reads a paper and a day's entry from the columns every store selects in the same order; each store says how
/// it reads a time (SQLite keeps ISO text, PostgreSQL a timestamptz).
/// </summary>
internal static class StoredRows
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The paper columns, in the order <see cref="Paper"/> reads them (table alias <c>p</c>).</summary>
    public const string PaperColumns = "p.arxiv_id, p.version, p.title, p.authors_json, p.abstract, p.published_at, p.links_json, p.arxiv_json, p.hf_json";

    /// <summary>The entry columns before a day's paper columns: order, votes, media, comments, posted, snapshot, origin, announce type (alias <c>e</c>).</summary>
    public const string EntryColumns = "e.feed_order, e.upvotes, e.media_url, e.comments, e.posted_at, e.snapshot, e.origin, e.announce_type";

    /// <summary>The paper whose <see cref="PaperColumns"/> start at column <paramref name="o"/>.</summary>
    public static Paper Paper(DbDataReader r, int o, Func<DbDataReader, int, DateTimeOffset?> time) => new()
    {
        ArxivId = r.GetString(o),
        Version = r.IsDBNull(o + 1) ? null : r.GetInt32(o + 1),
        Title = r.GetString(o + 2),
        Authors = JsonSerializer.Deserialize<List<string>>(r.GetString(o + 3), Json) ?? [],
        Abstract = r.GetString(o + 4),
        PublishedAt = time(r, o + 5),
        Links = JsonSerializer.Deserialize<List<PaperLink>>(r.GetString(o + 6), Json) ?? [],
        Arxiv = r.IsDBNull(o + 7) ? null : JsonSerializer.Deserialize<ArxivMetadata>(r.GetString(o + 7), Json),
        HuggingFace = r.IsDBNull(o + 8) ? null : JsonSerializer.Deserialize<HuggingFacePaperInfo>(r.GetString(o + 8), Json),
    };

    /// <summary>A day's entry from <see cref="EntryColumns"/> followed by <see cref="PaperColumns"/>.</summary>
    public static DailyEntry Entry(DbDataReader r, DateOnly date, Func<DbDataReader, int, DateTimeOffset?> time) => new()
    {
        Date = date,
        FeedOrder = r.GetInt32(0),
        Upvotes = r.GetInt32(1),
        MediaUrl = r.IsDBNull(2) ? null : r.GetString(2),
        Comments = r.GetInt32(3),
        PostedAt = time(r, 4),
        Origin = r.IsDBNull(6) ? null : r.GetString(6),
        AnnounceType = r.IsDBNull(7) ? null : r.GetString(7),
        Paper = Paper(r, 8, time),
    };

    /// <summary>Whether the entry row's <c>snapshot</c> column is set (an integer in SQLite, a boolean in PostgreSQL).</summary>
    public static bool IsSnapshot(DbDataReader r) => Convert.ToBoolean(r.GetValue(5), System.Globalization.CultureInfo.InvariantCulture);
}
