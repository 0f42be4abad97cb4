using System.Globalization;

namespace DailyPapers.Text;

/// <summary>English names of BCP-47 language codes, for messages a reader sees.</summary>
public static class LanguageNames
{
    /// <summary>The English name of a code (<c>ko</c> → Korean), or the code itself when it is not known.</summary>
    public static string English(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        try
        {
            var culture = CultureInfo.GetCultureInfo(code);
            return string.IsNullOrEmpty(culture.EnglishName) || culture.EnglishName.StartsWith("Unknown", StringComparison.Ordinal)
                ? code : culture.EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    /// <summary>Name and code together, e.g. <c>Korean (ko)</c>; the code alone when it has no known name.</summary>
    public static string Describe(string code)
    {
        var name = English(code);
        return name == code ? code : $"{name} ({code})";
    }
}
