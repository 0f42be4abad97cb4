using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Summarize;
using DailyPapers.Text;
using DailyPapers.Verify.Quantities;
using Microsoft.Extensions.Options;

namespace DailyPapers.Verify;

/// <summary>
/// Checks that a summary is written in its language: the target script's share of its words (runs of one script's
/// letters: Hangul for ko; Latin technical terms allowed but counted, mathematical letters not at all) and no letters of a third script (Han in a Korean summary) that the
/// source does not contain. Greek letters are symbols and always allowed.
/// </summary>
public sealed partial class LanguageVerifier(IOptions<VerifyOptions> options) : ISummaryVerifier
{
    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> VerifyAsync(SummaryRequest request, Summary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(summary);
        var target = Scripts.TargetOf(summary.Language);
        var source = SourceText.For(request).Text;
        var findings = new List<Finding>();
        int targetWords = 0, latinWords = 0;
        foreach (var section in summary.Sections)
        {
            var (t, l) = (0, 0);
            var leak = new StringBuilder();
            var previous = Script.None;
            // A Hanja gloss after its Korean word (비(非) 트랜스포머) is ordinary Korean, not a leak.
            foreach (var ch in HanjaGloss().Replace(QuantityExtractor.Mask(section.Text), m => new string(' ', m.Length)) + " ")
            {
                var script = Scripts.Of(ch);
                // Words by script: a run of one script's letters ("모델(Machine Learning Model)을" is 모델, Machine,
                // Learning, Model, 을), so a Korean sentence with English terms is not outweighed by their letters.
                if (script != previous)
                {
                    if (target.Contains(script)) t++;
                    else if (script == Script.Latin) l++;
                }
                previous = script;
                if (script is not (Script.None or Script.Latin or Script.Greek) && !target.Contains(script))
                {
                    leak.Append(ch);
                    continue;
                }
                if (leak.Length > 0 && script != Script.None || leak.Length > 0 && !char.IsWhiteSpace(ch))
                {
                    AddLeak(findings, section, leak.ToString().Trim(), source, summary.Language);
                    leak.Clear();
                }
            }
            targetWords += t;
            latinWords += l;
            if (t + l >= 8 && (double)t / (t + l) < options.Value.MinSectionScriptShare)
                findings.Add(Share(section.Name, section.Text, (double)t / (t + l), options.Value.MinSectionScriptShare, target, summary.Language));
        }
        var words = targetWords + latinWords;
        var share = words == 0 ? 0 : (double)targetWords / words;
        if (words > 0 && share < options.Value.MinTargetScriptShare && !findings.Any(f => f.Kind == FindingKinds.Language && f.Message!.StartsWith("only", StringComparison.Ordinal)))
        {
            findings.Add(Share("", string.Join(' ', summary.Sections.Select(s => s.Text)), share, options.Value.MinTargetScriptShare, target, summary.Language));
        }
        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    private static Finding Share(string section, string text, double share, double least, IReadOnlySet<Script> target, string language)
    {
        var clip = text.Trim().Length > 80 ? text.Trim()[..80] + "…" : text.Trim();
        return new Finding(FindingKinds.Language, FindingSeverity.Error, section, clip, null, string.Create(CultureInfo.InvariantCulture,
            $"only {share:P0} of the words{(section.Length > 0 ? " of this section" : "")} are {string.Join("/", target)}, the script of '{language}' (at least {least:P0} expected)"));
    }

    private static void AddLeak(List<Finding> findings, SummarySection section, string leak, string source, string language)
    {
        if (leak.Length == 0 || source.Contains(leak, StringComparison.Ordinal)) return;
        var scripts = string.Join("/", leak.Select(Scripts.Of).Where(s => s != Script.None).Distinct());
        findings.Add(new Finding(FindingKinds.Language, FindingSeverity.Error, section.Name, leak, null,
            $"{scripts} letters in a '{language}' summary (not in the source)"));
    }

    [GeneratedRegex(@"(?<=[\uAC00-\uD7A3])\([\u4E00-\u9FFF]{1,4}\)")]
    private static partial Regex HanjaGloss();
}
