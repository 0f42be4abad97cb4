using System.Text.RegularExpressions;

namespace DailyPapers.Summarize.Extractive;

/// <summary>Spots sentences that only read well after the sentence before them.</summary>
internal static partial class Cohesion
{
    /// <summary>
    /// True when the sentence opens by contrasting with, following from or pointing back at its predecessor:
    /// "However, ...", "Meanwhile, ...", "Above all, ...", "To reduce this issue, ...", "This problem ...".
    /// Additive openers ("Additionally", "First") stand on their own and do not count.
    /// </summary>
    public static bool LeansOnPrevious(string sentence) => DependentOpener().IsMatch(sentence);

    [GeneratedRegex(@"^\W*(?:(?:however|meanwhile|above all|therefore|thus|hence|consequently|nevertheless|nonetheless|in contrast|by contrast|on the other hand|as a result|otherwise|accordingly|to (?:this|that) end|in this way|in doing so)\b|instead,|(?:to|in order to)\s+(?:address|reduce|solve|tackle|overcome|mitigate|alleviate|remedy|fix|handle|resolve|bridge|close|fill|avoid|circumvent|counter|ease|eliminate|remove)\s+(?:this|these|that|those|such)\b|(?:this|these|such|that|those)\s+(?:issue|issues|problem|problems|limitation|limitations|challenge|challenges|gap|drawback|drawbacks|shortcoming|shortcomings|bottleneck|difficulty|difficulties)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DependentOpener();
}
