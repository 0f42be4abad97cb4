namespace DailyPapers.Collect.ArxivListings;

/// <summary>arXiv daily listings as a day source (<c>DailyPapers:Sources:Arxiv</c>).</summary>
public sealed class ArxivListingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DailyPapers:Sources:Arxiv";

    /// <summary>Comma-separated arXiv categories or archives, e.g. <c>cs.CL,cs.CV</c>; empty turns the source off.</summary>
    public string? Categories { get; set; }

    /// <summary>Keep replaced papers (<c>arxiv:announce_type</c> replace / replace-cross); left out by default.</summary>
    public bool IncludeReplacements { get; set; }

    /// <summary>Mixed days: combine the listings with Hugging Face trending into one day, one entry per paper.</summary>
    public bool WithHuggingFace { get; set; }

    /// <summary>The RSS feed root; a category's feed is <c>{RssUrl}/{category}</c>.</summary>
    public string RssUrl { get; set; } = "https://rss.arxiv.org/rss";

    /// <summary>The most papers a back-fill takes per category and day (the API is paged by <c>DailyPapers:Arxiv:PageSize</c>).</summary>
    public int MaxPerCategory { get; set; } = 2000;

    /// <summary>Comma-separated dates (YYYY-MM-DD, the US Eastern evening) on which arXiv does not announce, e.g. <c>2025-12-25</c>.</summary>
    public string? Holidays { get; set; }

    /// <summary>The configured categories, trimmed, in order, without repeats.</summary>
    public IReadOnlyList<string> CategoryList =>
        [.. (Categories ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    /// <summary>The configured holidays; throws <see cref="FormatException"/> naming the bad date.</summary>
    public IReadOnlySet<DateOnly> HolidaySet =>
        (Holidays ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(h => DateOnly.TryParseExact(h, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)
                ? d
                : throw new FormatException($"{SectionName}:Holidays: '{h}' is not a date (YYYY-MM-DD)"))
            .ToHashSet();
}
