using System.Text.RegularExpressions;

namespace DailyPapers.Summarize.Extractive;

/// <summary>
/// Where a reader expects a classified sentence: the model's role, corrected by three plain cues the CSAbstruct
/// labels do not capture well (they are applied after classification and do not affect its measured accuracy).
/// </summary>
internal static partial class ReaderSections
{
    // "Code is available at ...", "Project page: https://...": resources, not findings.
    [GeneratedRegex(@"https?://|\b(code|data(set)?|models?|weights|checkpoints|annotations|benchmark|project page)\b[^.]{0,80}\b(available|released|can be found|accessible|open[- ]sourced?)\b|\bmade (freely |publicly )?available\b|\bproject page\b", RegexOptions.IgnoreCase)]
    private static partial Regex ResourceCue();

    // "Experiments show ...", "It achieves state-of-the-art ...": findings even where the model said method.
    [GeneratedRegex(@"\b(experiments?|evaluations?|results?|studies|analys[ie]s)\b[^.]{0,60}\b(show|shows|showed|demonstrate[sd]?|indicate[sd]?|reveal[sd]?|confirm[sd]?)\b|\b(outperform(s|ed)?|achiev(es|ed|ing) (a |the )?(new )?state[- ]of[- ]the[- ]art)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FindingCue();

    // "We propose X", "This paper introduces X": the paper's own statement of what is new.
    [GeneratedRegex(@"^(?:[^,]{0,60},\s*)?(?:(?:in )?this (?:paper|work|report|technical report)|here,?)?[,\s]*(?:we|this (?:paper|work|report)) (?:propose|introduce|present|describe|release|develop|revisit)s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex OwnWorkCue();

    /// <summary>True when the sentence points at code, data or a project page.</summary>
    public static bool IsResource(string sentence) => ResourceCue().IsMatch(sentence);

    /// <summary>The roles with the reader's corrections applied.</summary>
    public static SentenceRole[] Adjust(IReadOnlyList<string> sentences, IReadOnlyList<(SentenceRole Role, double Confidence)> roles)
    {
        var result = new SentenceRole[sentences.Count];
        for (var i = 0; i < sentences.Count; i++)
        {
            var role = roles[i].Role;
            if (IsResource(sentences[i]) && !FindingCue().IsMatch(sentences[i])) role = SentenceRole.Other;
            else if (role is SentenceRole.Method or SentenceRole.Background && i > 0 && FindingCue().IsMatch(sentences[i])) role = SentenceRole.Result;
            result[i] = role;
        }
        // No objective found: the first "we propose ..." sentence is what is new, whatever the model said.
        if (!result.Contains(SentenceRole.Objective))
            for (var i = 0; i < sentences.Count; i++)
                if (result[i] is SentenceRole.Background or SentenceRole.Method && OwnWorkCue().IsMatch(sentences[i])) { result[i] = SentenceRole.Objective; break; }
        return result;
    }
}
