using DailyPapers.Papers;
using DailyPapers.Summarize;
using Microsoft.Extensions.Options;

namespace DailyPapers.Verify;

/// <summary>
/// Checks a summary's shape: the required sections (What's New, Technical Details, Performance Highlights) present
/// once and non-empty, every section within the length bounds, and no section outside the known set.
/// </summary>
public sealed class SchemaVerifier(IOptions<VerifyOptions> options) : ISummaryVerifier
{
    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> VerifyAsync(SummaryRequest request, Summary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var bounds = options.Value;
        var findings = new List<Finding>();
        foreach (var name in SectionNames.Required.Where(r => !summary.Sections.Any(s => s.Name == r)))
            findings.Add(new Finding(FindingKinds.Schema, FindingSeverity.Error, name, "", null, $"the required section '{name}' is missing"));
        foreach (var dup in summary.Sections.GroupBy(s => s.Name).Where(g => g.Count() > 1))
            findings.Add(new Finding(FindingKinds.Schema, FindingSeverity.Error, dup.Key, "", null, $"the section '{dup.Key}' appears {dup.Count()} times"));
        foreach (var section in summary.Sections)
        {
            var length = section.Text.Trim().Length;
            var known = SectionNames.Required.Contains(section.Name) || SectionNames.Optional.Contains(section.Name);
            if (!known)
                findings.Add(new Finding(FindingKinds.Schema, FindingSeverity.Warning, section.Name, Clip(section.Text), null,
                    $"unknown section '{section.Name}' (known: {string.Join(", ", SectionNames.Required.Concat(SectionNames.Optional))})"));
            if (length == 0)
                findings.Add(new Finding(FindingKinds.Schema, FindingSeverity.Error, section.Name, "", null, $"the section '{section.Name}' is empty"));
            else if (length < bounds.MinSectionLength)
                findings.Add(new Finding(FindingKinds.Schema, FindingSeverity.Warning, section.Name, Clip(section.Text), null,
                    $"the section '{section.Name}' has {length} characters, fewer than {bounds.MinSectionLength}"));
            else if (length > bounds.MaxSectionLength)
                findings.Add(new Finding(FindingKinds.Schema, FindingSeverity.Warning, section.Name, Clip(section.Text), null,
                    $"the section '{section.Name}' has {length} characters, more than {bounds.MaxSectionLength}"));
        }
        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    private static string Clip(string text)
    {
        var t = text.Trim();
        return t.Length > 80 ? t[..80] + "…" : t;
    }
}
