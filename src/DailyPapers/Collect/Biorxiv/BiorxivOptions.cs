namespace DailyPapers.Collect.Biorxiv;

/// <summary>bioRxiv / medRxiv settings (<c>DailyPapers:Sources:Biorxiv</c>); the source is on when <see cref="Server"/> is set.</summary>
public sealed class BiorxivOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "DailyPapers:Sources:Biorxiv";

    /// <summary><c>biorxiv</c> or <c>medrxiv</c>; empty leaves the source off.</summary>
    public string Server { get; set; } = "";

    /// <summary>The API serving <c>/details/{server}/{from}/{to}/{cursor}</c>.</summary>
    public string ApiUrl { get; set; } = "https://api.biorxiv.org";

    /// <summary>Categories to keep, comma-separated as the server names them (<c>neuroscience,cell biology</c>; '_' stands for a space); empty keeps all.</summary>
    public string Categories { get; set; } = "";

    /// <summary>The most papers a day keeps (pages of 100 are read until then).</summary>
    public int MaxPapers { get; set; } = 1000;

    /// <summary>The configured categories, trimmed, '_' read as a space, lower-case.</summary>
    public IReadOnlyList<string> CategoryList =>
        [.. Categories.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(BiorxivCategories.Normalize).Distinct(StringComparer.Ordinal)];
}
