using System.Text.RegularExpressions;

namespace DailyPapers.Text;

/// <summary>
/// Turns the LaTeX that authors leave in arXiv abstracts into plain text: font commands lose their markup
/// (<c>{\em DeepSpeak}</c> → DeepSpeak), common math symbols become Unicode (<c>$\times$</c> → ×), escaped
/// characters lose their backslash (<c>\%</c> → %), and the dollars around simple inline math go.
/// </summary>
public static partial class LatexText
{
    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["times"] = "×", ["sim"] = "~", ["approx"] = "≈", ["leq"] = "≤", ["le"] = "≤", ["geq"] = "≥", ["ge"] = "≥",
        ["pm"] = "±", ["cdot"] = "·", ["rightarrow"] = "→", ["to"] = "→", ["infty"] = "∞", ["neq"] = "≠", ["ll"] = "≪", ["gg"] = "≫",
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["lambda"] = "λ", ["mu"] = "μ", ["sigma"] = "σ", ["theta"] = "θ",
    };

    // {\em X}, {\bf X}, {\it X}, {\sc X}, {\tt X}
    [GeneratedRegex(@"\{\\(?:em|bf|it|sc|tt|sl|rm|sf)\s+([^{}]*)\}")]
    private static partial Regex FontGroup();

    // \emph{X}, \textbf{X}, \textit{X}, \texttt{X}, \textsc{X}, \mathrm{X}, \mathbf{X}, \text{X}
    [GeneratedRegex(@"\\(?:emph|text(?:bf|it|tt|sc|rm|sf|sl)?|math(?:rm|bf|it|cal|bb|sf|tt))\{([^{}]*)\}")]
    private static partial Regex FontCommand();

    // $...$ with no nested dollars, at most 40 characters, TeX-style: no space just inside the dollars, a space inside
    // only with a LaTeX command, and no digit right after the closing one, so prices ("$5 and $10", "$5-$10") stay.
    [GeneratedRegex(@"\$(?!\s)(?=[^$]*\\|[^$\s]*\$)([^$]{1,40}?)(?<!\s)\$(?!\d)")]
    private static partial Regex InlineMath();

    [GeneratedRegex(@"\\([a-zA-Z]+)\b\s?")]
    private static partial Regex Command();

    [GeneratedRegex(@"\\([%&_#$])")]
    private static partial Regex Escaped();

    /// <summary>The text with LaTeX markup simplified; text without a backslash or dollar comes back unchanged.</summary>
    public static string Simplify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IndexOfAny(['\\', '$']) < 0) return text;
        var s = FontGroup().Replace(text, "$1");
        s = FontCommand().Replace(s, "$1");
        s = InlineMath().Replace(s, m => Math(m.Groups[1].Value));
        s = Escaped().Replace(s, "$1");
        return s;
    }

    private static string Math(string math)
    {
        // Only math that reduces to symbols, numbers and letters is unwrapped; anything else keeps its dollars.
        var plain = Command().Replace(math, m => Symbols.TryGetValue(m.Groups[1].Value, out var sym) ? sym : m.Value).Trim();
        return plain.AsSpan().IndexOfAny(@"\^_{}") >= 0 ? "$" + math + "$" : plain;
    }
}
