using DailyPapers.Papers;

namespace DailyPapers.Verify;

/// <summary>The findings of every verifier for one summary, one finding per defect.</summary>
public static class FindingSet
{
    /// <summary>
    /// Drops what another finding already says: a repeated digit group inside a figure already reported as ungrounded
    /// or wrong ("34343434" within "34343434시간", which also carries the source passage), and exact duplicates.
    /// </summary>
    public static List<Finding> OneDefectOneFinding(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var all = findings.DistinctBy(f => (f.Kind, f.Section, f.Text, f.Message)).ToList();
        var figures = all.Where(f => f.Kind is FindingKinds.Ungrounded or FindingKinds.ScaleMismatch or FindingKinds.Contradicted).ToList();
        all.RemoveAll(f => f.Kind == FindingKinds.Repetition && f.Text.Length > 0 && f.Text.All(char.IsAsciiDigit)
            && figures.Any(g => g.Section == f.Section && g.Text.Replace(",", "", StringComparison.Ordinal).Contains(f.Text, StringComparison.Ordinal)));
        return all;
    }
}
