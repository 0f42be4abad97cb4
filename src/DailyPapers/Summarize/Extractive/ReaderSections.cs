using System.Text.RegularExpressions;

namespace DailyPapers.Summarize.Extractive;

/// <summary>
/// Where a reader expects a classified sentence: the model's role, corrected by four plain cues the CSAbstruct
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

    // Stated gains and comparisons that CSAbstruct's labels often leave in method ("..., thereby achieving 2.18 FID",
    // "Compared to DPO, SELM reduces ..."): findings when the model said method. Not "has achieved" (what others did)
    // nor "is achieved by" (how it is done).
    [GeneratedRegex(@"(?<!\b(?:have|has|had|is|are|was|were|be|been|being)\s)\b(?:achiev(?:es|ed|ing)|attain(?:s|ed|ing)|obtain(?:s|ed|ing)|reach(?:es|ed|ing)|sets?|establish(?:es|ed|ing)?)\s+(?:even\s+)?(?:an?\s+|the\s+)?(?:new\s+)?(?:up to\s+|over\s+|nearly\s+|about\s+|an average (?:of\s+)?)?(?:(?:absolute|relative|average|overall|significant|substantial|consistent|notable)\s+)?(?:\d(?![dD]\b)|state[- ]of[- ]the[- ]art|sota\b|best|better|higher|lower|superior|competitive|comparable|strong|significant|substantial|remarkable|impressive|excellent|leading|top|record|consistent|notable|performance|results?\b|accuracy|improvements?|speed-?ups?|gains?)|\b(?:surpass(?:es|ed|ing)?|outperform(?:s|ed|ing)?|beat(?:s|ing)?)\b|\b(?:improv|reduc|increas|boost|cut|lower|rais|accelerat|speed)(?:es|ed|ing|s)?\b[^.;]{0,50}\bby (?:up to |over |about |nearly |an average of )?\d|\d+(?:\.\d+)?\s?(?:x|×|times)\s+(?:faster|speed-?up|fewer|less|smaller|lower|higher|more efficient)|\b(?:compared (?:to|with)|relative to)\b[^.;]{0,80}\b(?:better|higher|lower|faster|fewer|superior|improv\w*|reduc\w*|outperform\w*|more (?:accurate|efficient|robust))\b|\b(?:our\s+)?(?:findings|experiments?|results|evaluations?|analys[ie]s)\b[^.;]{0,60}\b(?:reveal|suggest|highlight|confirm|verify|validate)(?:s|ed)?\b|\b(?:from|of)\s+\d+(?:\.\d+)?%?\s+to\s+\d+(?:\.\d+)?%|\b(?:reduction|improvement|gain|increase|speed-?up|decrease)s?\s+of\s+(?:up to\s+|over\s+|about\s+|nearly\s+)?\d|\b(?:significantly|consistently|substantially|markedly|dramatically)\s+(?:improv|reduc|outperform|enhanc|lower|boost|increas|accelerat)\w*|\bexcels?\b|\bsuperiority\b|\b(?:demonstrat|show|exhibit|deliver|yield)(?:es|s|ed|ing)?\s+(?:significantly\s+|consistently\s+)?(?:superior|significant|substantial|competitive|comparable|remarkable|impressive|strong|state[- ]of[- ]the[- ]art|better|excellent|outstanding)\s+(?:\w+\s+)?(?:performance|results|improvements?|gains|accuracy|quality)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StatedGain();

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
            else if (role is SentenceRole.Method && i > 0 && StatedGain().IsMatch(sentences[i])) role = SentenceRole.Result;
            result[i] = role;
        }
        // No objective found: the first "we propose ..." sentence is what is new, whatever the model said.
        if (!result.Contains(SentenceRole.Objective))
            for (var i = 0; i < sentences.Count; i++)
                if (result[i] is SentenceRole.Background or SentenceRole.Method && OwnWorkCue().IsMatch(sentences[i])) { result[i] = SentenceRole.Objective; break; }
        return result;
    }
}
