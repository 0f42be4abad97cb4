using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace DailyPapers.Papers;

/// <summary>An arXiv identifier (new style <c>2408.07246</c> or old style <c>astro-ph/0601001</c>) with an optional version.</summary>
public readonly partial record struct ArxivId(string Id, int? Version)
{
    [GeneratedRegex(@"^(?:arxiv:)?(?<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v(?<v>\d+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses an id such as <c>2408.07246v2</c>; throws <see cref="FormatException"/> naming the text otherwise.</summary>
    public static ArxivId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an arXiv id (expected e.g. 2408.07246 or 2408.07246v2).");

    /// <summary>Tries to parse an arXiv id, trimming white space and an <c>arXiv:</c> prefix.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ArxivId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return false;
        id = new ArxivId(m.Groups["id"].Value, m.Groups["v"].Success ? int.Parse(m.Groups["v"].Value, System.Globalization.CultureInfo.InvariantCulture) : null);
        return true;
    }

    /// <summary>The id with its version suffix when known.</summary>
    public override string ToString() => Version is { } v ? $"{Id}v{v}" : Id;
}
