using System.Globalization;
using System.Text.RegularExpressions;

namespace DailyPapers.Verify.Quantities;

/// <summary>
/// Extracts figures from Korean, English, Chinese and Japanese text: digits with scale words (만/억/조, 万/亿/億,
/// thousand/million/billion, K/M/B/T), units (%, 배/x/times, bit, GB, 시간/hours, 일, 주, 개, 명...), model-size
/// suffixes (Llama-2-70B), Int4-style bit widths and small number words. URLs, list markers and identifiers such as
/// GPT-4, A100, 3D or mp4 are not figures. Lists sharing a scale ("7, 34, and 70 billion") get the scale on every member.
/// </summary>
public static partial class QuantityExtractor
{
    /// <summary>
    /// Every figure of <paramref name="text"/> in order. For a <paramref name="source"/> English number words count
    /// too, and a figure opening a line stays one (hard-wrapped abstracts do that; summaries number their lists).
    /// </summary>
    public static IReadOnlyList<Quantity> Extract(string text, bool source = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = source ? Url().Replace(text, m => new string(' ', m.Length)) : Mask(text);
        masked = masked.Replace("\\%", " %", StringComparison.Ordinal); // LaTeX's 50\% in abstracts
        masked = Citation().Replace(masked, m => new string(' ', m.Length));
        masked = Reference().Replace(masked, m => new string(' ', m.Length));
        var found = new List<Quantity>();
        foreach (Match m in KoreanCompound().Matches(masked))
        {
            if (Compound(m) is { } q) found.Add(q);
        }
        foreach (Match m in Fraction().Matches(masked))
        {
            var (num, den) = m.Groups["den"].Success
                ? (double.Parse(m.Groups["num"].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups["den"].Value, CultureInfo.InvariantCulture))
                : FractionWords[m.Groups["w"].Value.ToLowerInvariant().Replace('-', ' ')];
            if (den == 0) continue;
            var unit = m.Groups["x"].Success ? "x" : "frac";
            found.Add(new Quantity(num / den, unit, m.Value.Trim(), m.Index, m.Length) { Digits = "", Decimals = 3 });
        }
        masked = Blank(masked, found);
        foreach (Match m in ModelName().Matches(masked))
        {
            var exp = ScaleOf(m.Groups["s"].Value);
            var (value, digits, decimals) = ParseNumber(m.Groups["n"].Value);
            found.Add(new Quantity(value * Math.Pow(10, exp), "", m.Value, m.Index, m.Length)
            {
                Digits = digits, Decimals = decimals, ScaleExponent = exp, Name = m.Value,
            });
        }
        masked = Blank(masked, found);
        foreach (Match m in BitWidth().Matches(masked))
            found.Add(new Quantity(int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), "bit", m.Value, m.Index, m.Length) { Digits = m.Groups["n"].Value });
        foreach (Match m in Number().Matches(masked))
        {
            if (Ordinal().IsMatch(masked.AsSpan(m.Index + m.Length))) continue;
            // 10^3 and its exponent are notation, not figures.
            if (m.Index + m.Length < masked.Length && masked[m.Index + m.Length] == '^' || m.Index > 0 && masked[m.Index - 1] == '^') continue;
            if (ReadFigure(masked, m) is { } q) found.Add(q);
        }
        foreach (Match m in NativeKorean().Matches(masked))
            found.Add(Word(m, KoreanWords[m.Groups["w"].Value], UnitClass(m.Groups["u"].Value)));
        if (source)
        {
            foreach (Match m in EnglishWord().Matches(masked))
                found.Add(Word(m, EnglishWords[m.Groups["w"].Value.ToLowerInvariant()], UnitClass(m.Groups["u"].Value)));
        }
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        for (var i = 0; i < found.Count; i++)
            found[i] = found[i] with { Noun = NounOf(masked, found[i]) };
        found.RemoveAll(IsYear);
        found.RemoveAll(q => IsVersion(masked, q));
        return QuantityGroups.PropagateScale(text, found);
    }

    // What a figure counts: its classifier (220명), else the noun after it; a large figure with no noun, or one
    // counting models, is a model size ("7B", "70억 모델"). Figures with a unit (%, hours, x) count nothing else.
    private static string? NounOf(string text, Quantity q)
    {
        if (q.Unit.Length > 0) return null;
        var classifier = Classifier().Match(q.Text);
        // "여섯 가지 구성 시각 추론 작업": 가지/종 (kinds of) count the noun that follows when there is one.
        var noun = classifier is { Success: true, Value: "가지" or "종" } ? Nouns.After(text, q.End, 4) : null;
        noun ??= classifier.Success ? Nouns.OfClassifier(classifier.Value) : null;
        noun ??= Nouns.After(text, q.End);
        if (q.Name is null && q.ScaleExponent >= 8 && noun is null or "model") return "param";
        return noun;
    }

    // A version after a name ("Claude 3 Opus", "Gemini 1.0 Pro", "Claude 2.1"): a bare figure counting nothing
    // right after a capitalized Latin word.
    private static bool IsVersion(string text, Quantity q) =>
        q.Unit.Length == 0 && q.ScaleExponent == 0 && q.Name is null && q.Noun is null && q.Value < 100
        && VersionOf().IsMatch(text.AsSpan(Math.Max(0, q.Start - 40), Math.Min(40, q.Start)));

    [GeneratedRegex(@"(?<![A-Za-z])[A-Z][A-Za-z]*[a-z][A-Za-z]* $")]
    private static partial Regex VersionOf();

    // A year ("et al., 2023", 2024년) is a date, not a quantity: a 4-digit figure from 1900 to 2099 counting nothing.
    private static bool IsYear(Quantity q) =>
        q.Digits.Length == 4 && q.Decimals == 0 && q.ScaleExponent == 0 && q.Name is null && q.Noun is null
        && q.Value is >= 1900 and <= 2099 && (q.Text.Length == 4 || q.Unit == "yr" && q.Text.Length <= 6);

    // 8천 2백만 (82,000,000), 3억 5천만 (350,000,000): groups add up, each big unit multiplying what came before it.
    private static Quantity? Compound(Match m)
    {
        double total = 0, small = 0;
        var lastExp = 0;
        foreach (Capture c in m.Groups["g"].Captures)
        {
            var g = CompoundGroup().Match(c.Value);
            var (n, _, _) = ParseNumber(g.Groups["n"].Value);
            var sub = g.Groups["sub"].Success ? SubScale(g.Groups["sub"].Value) : 0;
            var big = g.Groups["big"].Success ? BigScale(g.Groups["big"].Value) : 0;
            small += n * Math.Pow(10, sub);
            lastExp = sub + big;
            if (big > 0) { total += small * Math.Pow(10, big); small = 0; }
        }
        total += small;
        var text = m.Value.TrimEnd();
        return new Quantity(total, "", text, m.Index, text.Length) { Digits = "", ScaleExponent = lastExp };
    }

    private static Quantity? ReadFigure(string text, Match m)
    {
        var (value, digits, decimals) = ParseNumber(m.Value);
        var end = m.Index + m.Length;
        var exp = 0;
        var unit = "";
        var rest = text.AsSpan(end);
        if (rest.Length > 0 && char.IsAsciiLetter(rest[0]) || rest.StartsWith("×") || rest.StartsWith("%"))
        {
            var glued = GluedSuffix().Match(text, end);
            if (!glued.Success) return null; // an identifier such as 3D, 2nd, 8K+ in GSM8K or 3DGS
            if (glued.Groups["s"].Success) exp = ScaleOf(glued.Groups["s"].Value.ToUpperInvariant());
            else if (glued.Groups["b"].Success) { exp = ScaleOf(glued.Groups["b"].Value[..1]); unit = "byte"; }
            else unit = UnitClass(glued.Value);
            end += glued.Length;
        }
        else if (CjkScale().Match(text, end) is { Success: true, Length: > 0 } cjk)
        {
            exp = (cjk.Groups["sub"].Success ? SubScale(cjk.Groups["sub"].Value) : 0) + (cjk.Groups["big"].Success ? BigScale(cjk.Groups["big"].Value) : 0);
            end += cjk.Length;
        }
        if (exp == 0 && unit.Length == 0 && ScaleWord().Match(text, end) is { Success: true } word)
        {
            exp = ScaleOf(word.Groups["w"].Value.ToLowerInvariant());
            end += word.Length;
        }
        if (unit.Length == 0 && UnitWord().Match(text, end) is { Success: true } u)
        {
            unit = UnitClass(u.Groups["u"].Value);
            end += u.Length;
        }
        return new Quantity(value * Math.Pow(10, exp), unit, text[m.Index..end].Trim(), m.Index, end - m.Index)
        {
            Digits = digits, Decimals = decimals, ScaleExponent = exp,
        };
    }

    private static Quantity Word(Match m, int value, string unit) =>
        new(value, unit, m.Value, m.Index, m.Length) { Digits = value.ToString(CultureInfo.InvariantCulture) };

    private static (double Value, string Digits, int Decimals) ParseNumber(string s)
    {
        var plain = s.Replace(",", "", StringComparison.Ordinal);
        var dot = plain.IndexOf('.', StringComparison.Ordinal);
        return (double.Parse(plain, CultureInfo.InvariantCulture), plain.Replace(".", "", StringComparison.Ordinal), dot < 0 ? 0 : plain.Length - dot - 1);
    }

    /// <summary>URLs and list markers (<c>1.</c> opening a line, <c>1)</c> or <c>(1)</c> anywhere) blanked out (same length, so positions still point into the text).</summary>
    internal static string Mask(string text)
    {
        var masked = Url().Replace(text, m => new string(' ', m.Length));
        return ListMarker().Replace(masked, m => new string(' ', m.Length));
    }

    private static string Blank(string text, List<Quantity> spans)
    {
        var chars = text.ToCharArray();
        foreach (var q in spans)
            Array.Fill(chars, ' ', q.Start, q.Length);
        return new string(chars);
    }

    private static int ScaleOf(string s) => s switch
    {
        "K" or "thousand" => 3,
        "M" or "million" => 6,
        "B" or "G" or "billion" => 9,
        "T" or "trillion" => 12,
        _ => 0,
    };

    private static int SubScale(string s) => s is "천" or "千" ? 3 : s is "백" or "百" ? 2 : s is "십" or "十" ? 1 : 0;

    private static int BigScale(string s) => s switch
    {
        "만" or "万" or "萬" => 4,
        "억" or "亿" or "億" => 8,
        "조" or "兆" => 12,
        _ => 0,
    };

    private static string UnitClass(string u)
    {
        var s = u.Trim().TrimStart('-').ToLowerInvariant();
        if (s.Length == 0) return "";
        if (s is "%" or "%p" or "퍼센트" or "percent" or "per cent") return "%";
        if (s is "배" or "倍" or "x" or "×" or "times" or "fold") return "x";
        if (s.StartsWith("bit", StringComparison.Ordinal) || s is "비트" or "位") return "bit";
        if (s.StartsWith("hour", StringComparison.Ordinal) || s is "시간" or "小时" or "時間" or "h" or "hr" or "hrs") return "h";
        if (s.StartsWith("day", StringComparison.Ordinal) || s is "일" or "天" or "日") return "d";
        if (s.StartsWith("week", StringComparison.Ordinal) || s is "주" or "周" or "週") return "wk";
        if (s.StartsWith("month", StringComparison.Ordinal) || s is "개월" or "个月" or "か月" or "ヶ月") return "mo";
        if (s.StartsWith("year", StringComparison.Ordinal) || s is "년" or "年") return "yr";
        return "";
    }

    private static readonly Dictionary<string, int> KoreanWords = new(StringComparer.Ordinal)
    {
        ["한"] = 1, ["하나"] = 1, ["두"] = 2, ["세"] = 3, ["네"] = 4, ["다섯"] = 5, ["여섯"] = 6, ["일곱"] = 7, ["여덟"] = 8, ["아홉"] = 9, ["열"] = 10,
    };

    private static readonly Dictionary<string, int> EnglishWords = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8,
        ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["twenty"] = 20, ["thirty"] = 30, ["fifty"] = 50, ["hundred"] = 100,
    };

    private static readonly Dictionary<string, (double, double)> FractionWords = new(StringComparer.Ordinal)
    {
        ["절반"] = (1, 2), ["half"] = (1, 2), ["one third"] = (1, 3), ["a third"] = (1, 3), ["two thirds"] = (2, 3),
        ["one quarter"] = (1, 4), ["a quarter"] = (1, 4), ["one fourth"] = (1, 4), ["three quarters"] = (3, 4),
        ["twice"] = (2, 1), ["double"] = (2, 1), ["doubles"] = (2, 1), ["doubling"] = (2, 1), ["triple"] = (3, 1), ["triples"] = (3, 1),
    };

    // 3분의 1, 절반, half, one third, two-thirds; twice, double, triple (as "x").
    [GeneratedRegex(@"(?<!\d)(?<den>\d+)\s?분의\s?(?<num>\d+)(?!\d)|(?<w>절반)|(?i:(?<![A-Za-z-])(?<w>half|one third|a third|two[- ]thirds|one quarter|a quarter|one fourth|three quarters)(?![A-Za-z-]))|(?i:(?<![A-Za-z-])(?<x>(?<w>twice|doubles|doubling|double|triples|triple))(?![A-Za-z-]))")]
    private static partial Regex Fraction();

    [GeneratedRegex(@"(?<![\d.,])(?<g>\d+(?:\.\d+)?\s?(?:[천백십][만억조]?|[만억조])(?!큼))(?:\s?(?<g>\d+(?:\.\d+)?\s?(?:[천백십][만억조]?|[만억조])(?!큼)))+")]
    private static partial Regex KoreanCompound();

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)\s?(?<sub>[천백십])?(?<big>[만억조])?")]
    private static partial Regex CompoundGroup();

    // Citation markers: [2], [12, 13], [3-5].
    [GeneratedRegex(@"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")]
    private static partial Regex Citation();

    // References, not quantities: 표 6에서 8, Table 3, Figures 2-4, 그림 1, Section 4.2, 식 (3), Appendix B.2.
    [GeneratedRegex(@"(?<![\p{L}])(?:표|그림|식|섹션|부록|알고리즘|(?i:tables?|figures?|figs?\.?|sections?|sec\.|eq\.|equations?|appendix|algorithm|chapter))\s?\(?\d+(?:\.\d+)*\)?(?:\s?(?:에서|부터|~|-|–|,|및|와|과|(?i:to|and))\s?\(?\d+(?:\.\d+)*\)?(?![\d.]*\s?[%배개명]))*")]
    private static partial Regex Reference();

    // 1번째, 2위, 3차, 4등: ordinals and ranks; 20년대: a decade. Not quantities.
    [GeneratedRegex(@"^\s?(?:번째|째|년대|위(?![가-힣])|위를|위에|위로|위의|차(?![가-힣])|등(?![가-힣]))")]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"(?:명|가지|종|번|회|단계|쌍|분|초)$")]
    private static partial Regex Classifier();

    [GeneratedRegex(@"https?://\S+|www\.\S+")]
    private static partial Regex Url();

    [GeneratedRegex(@"(?m)(?:^[ \t]*\d{1,2}[.)]|(?<=^|\s)\(?\d{1,2}\))[ \t]")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z0-9.]+)*-(?<n>\d+(?:\.\d+)?)(?<s>[KMBT])(?![A-Za-z0-9])")]
    private static partial Regex ModelName();

    [GeneratedRegex(@"(?i)(?<![A-Za-z0-9])(?:int|fp|bf|float)(?<n>\d{1,2})(?![A-Za-z0-9])")]
    private static partial Regex BitWidth();

    [GeneratedRegex(@"(?<![A-Za-z\u00C0-\u024F0-9_.]|[A-Za-z]-|[A-Za-z][0-9.]+-)(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\G(?:(?<s>[KMBT]|k)|(?<b>GB|MB|TB|KB|G)|x|×|%p?)(?![A-Za-z0-9])")]
    private static partial Regex GluedSuffix();

    [GeneratedRegex(@"\G(?<sub>[천백千百])?(?<big>만(?!큼)|[억조万萬亿億兆])?")]
    private static partial Regex CjkScale();

    [GeneratedRegex(@"\G\s?(?<w>(?i:thousand|million|billion|trillion))(?![A-Za-z])")]
    private static partial Regex ScaleWord();

    [GeneratedRegex(@"\G\s?(?<u>%|퍼센트|배|倍|×|비트|位|시간|小时|時間|개월|个月|か月|ヶ月|일|天|日|주|周|週|년|年|명|人|名|개|个|個|가지|종|번|단계|(?i:x|per ?cent|times|-?fold|-?bits?|hours?|hrs?|h|days?|weeks?|months?|years?)(?![A-Za-z]))")]
    private static partial Regex UnitWord();

    [GeneratedRegex(@"(?<!\p{L})(?<w>하나|다섯|여섯|일곱|여덟|아홉|한|두|세|네|열)\s?(?<u>가지|개|명|종|번|단계|배)(?!째)")]
    private static partial Regex NativeKorean();

    [GeneratedRegex(@"(?i)(?<![A-Za-z-])(?<w>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred)(?![A-Za-z])(?<u>\s(?:hours?|days?|weeks?|months?|years?|times))?")]
    private static partial Regex EnglishWord();
}
