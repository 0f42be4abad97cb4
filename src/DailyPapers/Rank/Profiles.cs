namespace DailyPapers.Rank;

/// <summary>The profiles (<c>DailyPapers:Profiles:&lt;NAME&gt;</c>), by name.</summary>
public sealed class ProfilesOptions
{
    /// <summary>Every configured profile, by name (case-insensitive).</summary>
    public Dictionary<string, ProfileSettings> Profiles { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One reader's interests. List settings are comma-separated.</summary>
public sealed class ProfileSettings
{
    /// <summary>A BibTeX file (<c>.bib</c>), a Zotero CSL-JSON export (<c>.json</c>), or a text file of arXiv ids in the store.</summary>
    public string? Library { get; set; }

    /// <summary>Words or phrases that lift a paper whose title or abstract has them.</summary>
    public string? Keywords { get; set; }

    /// <summary>Words or phrases that put a paper last.</summary>
    public string? ExcludeKeywords { get; set; }

    /// <summary>arXiv categories (e.g. <c>cs.CL</c>) that lift a paper listed in them.</summary>
    public string? Categories { get; set; }

    /// <summary>Author names that lift a paper they wrote.</summary>
    public string? Authors { get; set; }

    /// <summary>A comma-separated setting as a list, blanks dropped.</summary>
    public static IReadOnlyList<string> List(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>A profile that cannot be used, with its name and what is wrong.</summary>
public sealed class ProfileException(string message) : Exception(message);
