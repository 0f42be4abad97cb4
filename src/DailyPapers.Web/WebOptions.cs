namespace DailyPapers.Web;

/// <summary>Settings of the web site (<c>DailyPapers:Web</c>).</summary>
public sealed class WebOptions
{
    /// <summary>Bearer token that <c>POST /api/runs</c> requires; unset disables that endpoint (404).</summary>
    public string? AdminToken { get; set; }

    /// <summary>Absolute site URL used in feeds (e.g. <c>https://papers.example.org</c>); unset uses the request's host.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How many of the latest days the feeds carry.</summary>
    public int FeedDays { get; set; } = 3;

    /// <summary>Search results per page.</summary>
    public int SearchPageSize { get; set; } = 10;

    /// <summary>
    /// How often <c>serve</c> gives the C library's free heap memory back to the system (glibc's <c>malloc_trim</c>, Linux
    /// only), in seconds; 0 turns it off.
    /// </summary>
    public int TrimNativeHeapSeconds { get; set; } = 30;

    /// <summary>
    /// Most heaps ("arenas") the C library keeps for <c>serve</c>'s threads (glibc's <c>mallopt(M_ARENA_MAX)</c>, set at
    /// start, Linux only), as <c>MALLOC_ARENA_MAX</c> would; 0 leaves glibc's default (eight per core).
    /// </summary>
    public int NativeHeapArenas { get; set; } = 2;

    /// <summary>The daily scheduled run inside <c>serve</c>.</summary>
    public ScheduleOptions Schedule { get; set; } = new();
}

/// <summary>When <c>serve</c> runs the day's digest by itself (<c>DailyPapers:Web:Schedule</c>); off by default.</summary>
public sealed class ScheduleOptions
{
    /// <summary>True to run the digest every day.</summary>
    public bool Enabled { get; set; }

    /// <summary>Time of day of the run, <c>HH:mm</c>, in <see cref="TimeZone"/>.</summary>
    public string Time { get; set; } = "07:00";

    /// <summary>IANA (or Windows) time zone id of <see cref="Time"/> and of "today".</summary>
    public string TimeZone { get; set; } = "UTC";
}
