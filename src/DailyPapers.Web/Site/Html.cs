using System.Globalization;

namespace DailyPapers.Web.Site;

/// <summary>Values the pages and feeds put into markup: safe URLs, dates, fragment ids. Encoding itself is the renderer's job.</summary>
internal static class Html
{
    /// <summary>An http(s) URL as given, or null for anything else (javascript:, data:, relative, malformed).</summary>
    public static string? SafeUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    /// <summary>A date as <c>yyyy-MM-dd</c>.</summary>
    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The id of a paper's article on a day page: <c>paper-2408-07246</c>. An id starting with a digit or holding a dot
    /// (the bare arXiv id) is not a valid HTML id for validators and CSS selectors.
    /// </summary>
    public static string PaperAnchor(string arxivId)
    {
        ArgumentNullException.ThrowIfNull(arxivId);
        var chars = arxivId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        return "paper-" + new string(chars);
    }

    /// <summary>A page title short enough for tabs and search results (70 characters at most).</summary>
    public static string ShortTitle(string title)
    {
        const int Max = 70;
        if (title.Length <= Max) return title;
        var cut = Max - 1;
        if (char.IsLowSurrogate(title[cut])) cut--;
        return title[..cut].TrimEnd() + "…";
    }
}
