using System.Globalization;
using System.Text;
using DailyPapers.Papers;
using DailyPapers.Summarize;
using DailyPapers.Text;
using DailyPapers.Verify.Quantities;
using Microsoft.Extensions.Options;

namespace DailyPapers.Verify;

/// <summary>
/// Checks that a summary is written in its language: the target script's share of its letters (Hangul for ko,
/// Latin technical terms allowed but counted) and no letters of a third script (Han in a Korean summary) that the
/// source does not contain. Greek letters are symbols and always allowed.
/// </summary>
public sealed class LanguageVerifier(IOptions<VerifyOptions> options) : ISummaryVerifier
{
    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> VerifyAsync(SummaryRequest request, Summary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(summary);
        var target = Scripts.TargetOf(summary.Language);
        var source = SourceText.For(request).Text;
        var findings = new List<Finding>();
        int targetLetters = 0, latinLetters = 0;
        foreach (var section in summary.Sections)
        {
            var (sectionTarget, sectionLatin) = (targetLetters, latinLetters);
            var leak = new StringBuilder();
            foreach (var ch in QuantityExtractor.Mask(section.Text) + " ")
            {
                var script = Scripts.Of(ch);
                if (target.Contains(script)) targetLetters++;
                else if (script == Script.Latin) latinLetters++;
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
            var (t, l) = (targetLetters - sectionTarget, latinLetters - sectionLatin);
            if (t + l >= 40 && (double)t / (t + l) < options.Value.MinSectionScriptShare)
                findings.Add(Share(section.Name, section.Text, (double)t / (t + l), options.Value.MinSectionScriptShare, target, summary.Language));
        }
        var letters = targetLetters + latinLetters;
        var share = letters == 0 ? 0 : (double)targetLetters / letters;
        if (letters > 0 && share < options.Value.MinTargetScriptShare)
        {
            findings.Add(Share("", string.Join(' ', summary.Sections.Select(s => s.Text)), share, options.Value.MinTargetScriptShare, target, summary.Language));
        }
        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    private static Finding Share(string section, string text, double share, double least, IReadOnlySet<Script> target, string language)
    {
        var clip = text.Trim().Length > 80 ? text.Trim()[..80] + "…" : text.Trim();
        return new Finding(FindingKinds.Language, FindingSeverity.Error, section, clip, null, string.Create(CultureInfo.InvariantCulture,
            $"only {share:P0} of the letters{(section.Length > 0 ? " of this section" : "")} are {string.Join("/", target)}, the script of '{language}' (at least {least:P0} expected)"));
    }

    private static void AddLeak(List<Finding> findings, SummarySection section, string leak, string source, string language)
    {
        if (leak.Length == 0 || source.Contains(leak, StringComparison.Ordinal)) return;
        var scripts = string.Join("/", leak.Select(Scripts.Of).Where(s => s != Script.None).Distinct());
        findings.Add(new Finding(FindingKinds.Language, FindingSeverity.Error, section.Name, leak, null,
            $"{scripts} letters in a '{language}' summary (not in the source)"));
    }
}
