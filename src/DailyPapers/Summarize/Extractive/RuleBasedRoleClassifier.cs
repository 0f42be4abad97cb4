using System.Text.RegularExpressions;

namespace DailyPapers.Summarize.Extractive;

/// <summary>A cue-phrase classifier: the fallback when no trained role model is available.</summary>
public sealed partial class RuleBasedRoleClassifier : ISentenceRoleClassifier
{
    [GeneratedRegex(@"\b(we (propose|introduce|present|release|develop|design|build|curate|construct)|this (paper|work|report)|in this (paper|work)|here,? we|our (goal|aim)|novel|new)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ObjectiveCue();

    [GeneratedRegex(@"\b(outperform\w*|achiev\w*|state[- ]of[- ]the[- ]art|sota|surpass\w*|experiments? (show|demonstrate)|results? (show|demonstrate|indicate)|demonstrat\w*|improv\w* (by|over)|significantly|accuracy|benchmark\w*)\b|\d+(\.\d+)?\s?%", RegexOptions.IgnoreCase)]
    private static partial Regex ResultCue();

    [GeneratedRegex(@"https?://|\b(code|data(set)?s?|models?) (is|are|will be) (publicly )?(available|released)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OtherCue();

    /// <inheritdoc />
    public string ModelName => "rules-v1";

    /// <inheritdoc />
    public IReadOnlyList<(SentenceRole Role, double Confidence)> Classify(IReadOnlyList<string> sentences)
    {
        var roles = new List<(SentenceRole, double)>(sentences.Count);
        var seenObjective = false;
        for (var i = 0; i < sentences.Count; i++)
        {
            var s = sentences[i];
            SentenceRole role;
            if (OtherCue().IsMatch(s) && !ResultCue().IsMatch(s)) role = SentenceRole.Other;
            else if (ObjectiveCue().IsMatch(s) && !seenObjective) role = SentenceRole.Objective;
            else if (ResultCue().IsMatch(s) && i > 0) role = SentenceRole.Result;
            else if (!seenObjective) role = SentenceRole.Background;
            else role = SentenceRole.Method;
            seenObjective |= role == SentenceRole.Objective;
            roles.Add((role, 0.5));
        }
        return roles;
    }
}
