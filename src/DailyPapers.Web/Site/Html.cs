using System.Globalization;
using System.Net;
using System.Text;

namespace DailyPapers.Web.Site;

/// <summary>
/// A small HTML writer: <see cref="Text"/> and <see cref="Attr"/> always encode, so feed, paper and model text can
/// never become markup; only <see cref="Raw"/> writes markup, and it is given literals or already-safe HTML.
/// </summary>
internal sealed class Html
{
    private readonly StringBuilder _sb = new(16 * 1024);

    /// <summary>Writes trusted markup (template literals, Markdig output with raw HTML disabled).</summary>
    public Html Raw(string markup) { _sb.Append(markup); return this; }

    /// <summary>Writes text, HTML-encoded.</summary>
    public Html Text(string? text) { _sb.Append(WebUtility.HtmlEncode(text ?? "")); return this; }

    /// <summary>Writes a number in invariant culture.</summary>
    public Html Number(int value) { _sb.Append(value.ToString(CultureInfo.InvariantCulture)); return this; }

    /// <summary>Writes <c> name="value"</c> with the value encoded.</summary>
    public Html Attr(string name, string? value) { _sb.Append(' ').Append(name).Append("=\"").Append(WebUtility.HtmlEncode(value ?? "")).Append('"'); return this; }

    /// <summary>Writes an anchor with an encoded href and text.</summary>
    public Html Link(string href, string text, string? rel = null)
    {
        Raw("<a").Attr("href", href);
        if (rel is not null) Attr("rel", rel);
        return Raw(">").Text(text).Raw("</a>");
    }

    public override string ToString() => _sb.ToString();

    /// <summary>An http(s) URL as given, or null for anything else (javascript:, data:, relative, malformed).</summary>
    public static string? SafeUrl(string? url) =>
        !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    /// <summary>A date as <c>yyyy-MM-dd</c>.</summary>
    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
