using DailyPapers.Papers;
using DailyPapers.Summarize;
using DailyPapers.Text;

namespace DailyPapers.Verify.Audit;

/// <summary>The findings for one paper of an audited digest.</summary>
public sealed record AuditedPaper(DigestEntry Entry, IReadOnlyList<Finding> Findings, bool FullTextChecked)
{
    /// <summary>The 1-based digest line a finding points at: the line of its text in its section, else the paper's heading.</summary>
    public int LineOf(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Entry.LineOf(finding.Section, finding.Text);
    }
}

/// <summary>Where an audit finds a digest's papers: their abstracts (and full text, when stored).</summary>
public interface IAuditSource
{
    /// <summary>The paper and its full text (null when not stored), or null when the source does not hold the paper.</summary>
    Task<(Paper Paper, FullText? FullText)?> FindAsync(string arxivId, DateOnly? date, CancellationToken cancellationToken);
}

/// <summary>Checks every summary of an existing Markdown digest with the registered verifiers.</summary>
public sealed class DigestAuditor(IEnumerable<ISummaryVerifier> verifiers)
{
    private readonly IReadOnlyList<ISummaryVerifier> _verifiers = [.. verifiers];

    /// <summary>Audits the entries in <paramref name="language"/>; a paper the source lacks gets one missing-source finding.</summary>
    public async Task<IReadOnlyList<AuditedPaper>> AuditAsync(IReadOnlyList<DigestEntry> entries, string language, IAuditSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(source);
        var results = new List<AuditedPaper>();
        var layoutReported = false;
        foreach (var entry in entries)
        {
            if (await source.FindAsync(entry.ArxivId, entry.Date, cancellationToken).ConfigureAwait(false) is not { } found)
            {
                results.Add(new AuditedPaper(entry, [new Finding(FindingKinds.MissingSource, FindingSeverity.Unverified, "", entry.Title, null,
                    $"paper {entry.ArxivId} is not in the source, so nothing in its summary was checked")], false));
                continue;
            }
            var request = new SummaryRequest(found.Paper, language) { FullText = found.FullText };
            var summary = new Summary
            {
                ArxivId = entry.ArxivId,
                Language = language,
                Sections = entry.Sections,
                Origin = new SummaryOrigin("markdown", "unknown", "unknown"),
            };
            var findings = new List<Finding>();
            foreach (var verifier in _verifiers)
                findings.AddRange(await verifier.VerifyAsync(request, summary, cancellationToken).ConfigureAwait(false));
            findings = FindingSet.OneDefectOneFinding(findings);
            if (entry.Unnamed)
            {
                // Plain bullets (the older layout): the content is checked bullet by bullet; the names are missing
                // once for the whole digest, not three times per paper.
                findings.RemoveAll(f => f.Kind == FindingKinds.Schema);
                if (!layoutReported)
                {
                    layoutReported = true;
                    findings.Insert(0, new Finding(FindingKinds.Schema, FindingSeverity.Warning, "", "", null,
                        $"the summaries of this digest ({entries.Count(e => e.Unnamed)} papers) are plain bullets without the section names "
                        + $"{string.Join(", ", SectionNames.Required)}; their content was checked bullet by bullet"));
                }
            }
            results.Add(new AuditedPaper(entry, findings, request.FullText is { Sections.Count: > 0 }));
        }
        return results;
    }

    /// <summary>The language most of the digest is written in, by script: ko, ja, zh, or en.</summary>
    public static string GuessLanguage(IEnumerable<DigestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var counts = entries.SelectMany(e => e.Sections).SelectMany(s => s.Text).Select(Scripts.Of)
            .Where(s => s != Script.None).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        int Count(Script s) => counts.GetValueOrDefault(s);
        var letters = Math.Max(1, counts.Values.Sum());
        if (Count(Script.Hangul) >= 0.2 * letters) return "ko";
        var cjk = Count(Script.Han) + Count(Script.Kana);
        if (cjk >= 0.2 * letters) return Count(Script.Kana) >= 0.05 * cjk ? "ja" : "zh";
        return "en";
    }
}
