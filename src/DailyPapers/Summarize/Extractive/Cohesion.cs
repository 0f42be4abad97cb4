using System.Text.RegularExpressions;

namespace DailyPapers.Summarize.Extractive;

/// <summary>Spots sentences that only read well after the sentence before them.</summary>
internal static partial class Cohesion
{
    /// <summary>
    /// True when the sentence opens by contrasting with, adding to, following from or pointing back at its
    /// predecessor: "However, ...", "Moreover, ...", "To reduce this issue, ...", "This problem ...", "It routes ...",
    /// "These models ...". "This paper ..." (the paper itself), "It is hard to ..." (the expletive "it") and
    /// sequence words ("First, ...") stand on their own.
    /// </summary>
    public static bool LeansOnPrevious(string sentence) =>
        DependentOpener().IsMatch(sentence) || (PointingBack().IsMatch(sentence) && !StandsAlone().IsMatch(sentence));

    /// <summary>
    /// The sentences that <paramref name="index"/> needs shown right before it, nearest last: each predecessor back to
    /// the first that does not lean itself. Empty for a sentence that stands alone (and for the first sentence).
    /// </summary>
    public static IReadOnlyList<int> Antecedents(IReadOnlyList<string> sentences, int index)
    {
        var needed = new List<int>();
        for (var i = index; i > 0 && LeansOnPrevious(sentences[i]); i--) needed.Insert(0, i - 1);
        return needed;
    }

    [GeneratedRegex(@"^\W*(?:(?:however|meanwhile|above all|therefore|thus|hence|consequently|nevertheless|nonetheless|in contrast|by contrast|on the other hand|as a result|otherwise|accordingly|to (?:this|that) end|in this way|in doing so|yet|moreover|furthermore|in addition|additionally|also|besides|likewise|similarly|though|for this reason|for (?:this|that) purpose|in particular|specifically|in turn)\b|(?:instead|still|then),|(?:to|in order to)\s+(?:address|reduce|solve|tackle|overcome|mitigate|alleviate|remedy|fix|handle|resolve|bridge|close|fill|avoid|circumvent|counter|ease|eliminate|remove)\s+(?:this|these|that|those|such|it|them)\b|(?:this|these|such|that|those)\s+(?:issue|issues|problem|problems|limitation|limitations|challenge|challenges|gap|drawback|drawbacks|shortcoming|shortcomings|bottleneck|difficulty|difficulties)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DependentOpener();

    // A pronoun or demonstrative whose antecedent is in an earlier sentence.
    [GeneratedRegex(@"^\W*(?:it|it's|its|they|their|them|these|those|such|both|this|that|the former|the latter|the latter's)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PointingBack();

    // ... unless it names the paper itself or is the expletive "it" ("It is hard to ...", "It remains unclear whether ...").
    [GeneratedRegex(@"^\W*(?:(?:this|that)\s+(?:paper|work|study|report|technical report|article|survey|thesis|letter|manuscript|tutorial|position paper|chapter)\b|it\s+(?:is|was|has been|remains|becomes|seems|appears)\s+(?:(?:still|also|often|now|thus|therefore|generally|widely|well|commonly|increasingly|notoriously|particularly|very|highly|extremely|rather|quite|not)\s+)*(?:important|crucial|essential|necessary|difficult|hard|challenging|possible|impossible|common|natural|desirable|undesirable|unclear|clear|known|well[- ]known|shown|believed|observed|acknowledged|recognized|established|easy|costly|expensive|non-?trivial|critical|vital|(?:in)?feasible|worth|evident|obvious|beneficial|appealing|tempting|standard|customary|unknown|(?:un)?likely|an open|a (?:long-standing|major|key|significant|fundamental|common)|imperative|paramount|infeasible|prohibitive|time-consuming|labor-intensive|unrealistic|impractical)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StandsAlone();
}
