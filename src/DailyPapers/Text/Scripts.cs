namespace DailyPapers.Text;

/// <summary>Writing systems the language checks and the search tell apart.</summary>
public enum Script
{
    /// <summary>Not a letter (digits, punctuation, space, mathematical letter-like symbols).</summary>
    None,
    /// <summary>Latin letters.</summary>
    Latin,
    /// <summary>Hangul syllables and jamo.</summary>
    Hangul,
    /// <summary>Han ideographs (Chinese characters, kanji, hanja).</summary>
    Han,
    /// <summary>Hiragana and katakana.</summary>
    Kana,
    /// <summary>Greek letters.</summary>
    Greek,
    /// <summary>Cyrillic letters.</summary>
    Cyrillic,
    /// <summary>Arabic letters.</summary>
    Arabic,
    /// <summary>Hebrew letters.</summary>
    Hebrew,
    /// <summary>Devanagari letters.</summary>
    Devanagari,
    /// <summary>Thai letters.</summary>
    Thai,
    /// <summary>Any other letter.</summary>
    Other,
}

/// <summary>The one table of Unicode script ranges: the script of a character and the scripts a language is written in.</summary>
public static class Scripts
{
    /// <summary>The script of one character.</summary>
    public static Script Of(char c) => c switch
    {
        _ when !char.IsLetter(c) => Script.None,
        _ when char.IsAsciiLetter(c) || c is >= '\u00C0' and <= '\u024F' and not '\u00D7' and not '\u00F7' => Script.Latin,
        >= '\u1100' and <= '\u11FF' or >= '\u3130' and <= '\u318F' or >= '\uA960' and <= '\uA97F'
            or >= '\uAC00' and <= '\uD7A3' or >= '\uD7B0' and <= '\uD7FF' => Script.Hangul,
        >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' => Script.Han,
        >= '\u3040' and <= '\u30FF' or >= '\u31F0' and <= '\u31FF' => Script.Kana,
        >= '\u0370' and <= '\u03FF' => Script.Greek,
        >= '\u0400' and <= '\u04FF' => Script.Cyrillic,
        >= '\u0600' and <= '\u06FF' => Script.Arabic,
        >= '\u0590' and <= '\u05FF' => Script.Hebrew,
        >= '\u0900' and <= '\u097F' => Script.Devanagari,
        >= '\u0E00' and <= '\u0E7F' => Script.Thai,
        // Letterlike symbols (ℬ, ℳ, ℓ), the micro sign, modifier and phonetic superscripts (ᵍ, ᶠ, ʰ), super- and
        // subscript letters (ⁿ, ₖ) and mathematical alphanumerics (𝒢, 𝐱: surrogate pairs) are mathematics, not writing.
        >= '\u2100' and <= '\u214F' or '\u00B5' or >= '\u02B0' and <= '\u02FF' or >= '\u1D00' and <= '\u1DBF'
            or >= '\u2070' and <= '\u209F' or >= '\uD800' and <= '\uDFFF' => Script.None,
        _ => Script.Other,
    };

    /// <summary>True for Hangul, kana and Han: scripts whose words the search index does not split at particles.</summary>
    public static bool IsCjk(char c) => Of(c) is Script.Hangul or Script.Han or Script.Kana;

    /// <summary>The scripts a BCP-47 language is written in (Latin for languages not listed).</summary>
    public static IReadOnlySet<Script> TargetOf(string language)
    {
        var primary = (language ?? "").Split('-')[0].ToLowerInvariant();
        return primary switch
        {
            "ko" => new HashSet<Script> { Script.Hangul },
            "ja" => new HashSet<Script> { Script.Kana, Script.Han },
            "zh" => new HashSet<Script> { Script.Han },
            "ru" or "uk" or "bg" or "sr" or "be" or "mk" => new HashSet<Script> { Script.Cyrillic },
            "el" => new HashSet<Script> { Script.Greek },
            "ar" or "fa" or "ur" => new HashSet<Script> { Script.Arabic },
            "he" or "yi" => new HashSet<Script> { Script.Hebrew },
            "hi" or "mr" or "ne" => new HashSet<Script> { Script.Devanagari },
            "th" => new HashSet<Script> { Script.Thai },
            _ => new HashSet<Script> { Script.Latin },
        };
    }
}
