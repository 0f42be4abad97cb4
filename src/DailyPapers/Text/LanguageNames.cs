using System.Globalization;

namespace DailyPapers.Text;

/// <summary>English names of BCP-47 language codes, for messages a reader sees.</summary>
public static class LanguageNames
{
    /// <summary>The English name of a code (<c>ko</c> → Korean), or the code itself when it is not known.</summary>
    public static string English(string code) => TryEnglish(code) ?? code;

    /// <summary>Whether the platform's language data (ICU) knows the code: <c>ko</c>, <c>zh-Hans</c> yes; <c>xx</c> no.</summary>
    public static bool IsKnown(string code) => TryEnglish(code) is not null;

    private static string? TryEnglish(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        try
        {
            var culture = CultureInfo.GetCultureInfo(code, predefinedOnly: true);
            return string.IsNullOrEmpty(culture.Name) || string.IsNullOrEmpty(culture.EnglishName) || culture.EnglishName.StartsWith("Unknown", StringComparison.Ordinal)
                ? null : culture.EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Name and code together, e.g. <c>Korean (ko)</c>; the code alone when it has no known name.</summary>
    public static string Describe(string code)
    {
        var name = English(code);
        return name == code ? code : $"{name} ({code})";
    }
}
