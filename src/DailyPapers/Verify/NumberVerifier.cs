using System.Globalization;
using DailyPapers.Papers;
using DailyPapers.Summarize;
using DailyPapers.Verify.Quantities;

namespace DailyPapers.Verify;

/// <summary>
/// Checks every figure of a summary against the source: grounded when the source has it (within the summary's
/// rounding), as a sum of two source figures, or as the same model name; a scale mismatch when the source has it at
/// another power of ten; otherwise ungrounded when the full text was checked (or the figure is a degenerate digit
/// run) and unverified when only the abstract was.
/// </summary>
public sealed class NumberVerifier : ISummaryVerifier
{
    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> VerifyAsync(SummaryRequest request, Summary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(summary);
        cancellationToken.ThrowIfCancellationRequested();
        var source = SourceText.For(request);
        var facts = new SourceFacts(source);
        var findings = new List<Finding>();
        foreach (var section in summary.Sections)
        {
            var figures = QuantityExtractor.Extract(section.Text);
            var covered = new HashSet<Quantity>();
            foreach (var range in QuantityGroups.Find(section.Text, figures).Where(g => g.IsRange))
            {
                if (facts.GradeRange(range) is not { } verdict) continue;
                covered.UnionWith(range.Members);
                if (verdict.Finding is { } f) findings.Add(f with { Section = section.Name });
            }
            foreach (var q in figures.Where(q => !covered.Contains(q)))
            {
                if (facts.Grade(q) is { } f) findings.Add(f with { Section = section.Name });
            }
        }
        IReadOnlyList<Finding> distinct = [.. findings.DistinctBy(f => (f.Kind, f.Section, f.Text))];
        return Task.FromResult(distinct);
    }

    private sealed class SourceFacts(SourceText source)
    {
        private readonly IReadOnlyList<Quantity> _figures = QuantityExtractor.Extract(source.Text, source: true);
        private readonly string _names = NormalizeName(source.Text);

        private IReadOnlyList<QuantityGroup> Groups => field ??= QuantityGroups.Find(source.Text, _figures);

        public (Finding? Finding, bool Grounded)? GradeRange(QuantityGroup range)
        {
            var (lo, hi) = (range.Members[0], range.Members[1]);
            foreach (var g in Groups)
            {
                if (!lo.UnitCompatible(g.Members[0])) continue;
                if (lo.Matches(g.Min) && hi.Matches(g.Max)) return (null, true);
                foreach (var k in Powers)
                {
                    var f = Math.Pow(10, k);
                    if ((lo.ScaleExponent != 0 || g.Members[0].ScaleExponent != 0) && Close(lo.Value * f, g.Min) && Close(hi.Value * f, g.Max))
                        return (new Finding(FindingKinds.ScaleMismatch, FindingSeverity.Error, "", range.Text, Passage(g),
                            $"the range {range.Text} ({Format(lo.Value)} to {Format(hi.Value)}) is {Factor(k)} the source's {g.Text} ({Format(g.Min)} to {Format(g.Max)})"), false);
                }
            }
            return null;
        }

        public Finding? Grade(Quantity q)
        {
            if (q.Name is not null)
            {
                if (_names.Contains(NormalizeName(q.Name), StringComparison.Ordinal)) return null;
                return Unsupported(q, $"the model name {q.Name} is not in the {Checked}", null);
            }
            if (_figures.FirstOrDefault(s => q.UnitCompatible(s) && q.Matches(s.Value)) is not null) return null;
            if (Sum(q) is not null) return null;
            if (q.RepeatedGroup is { } rep)
            {
                var collapsed = double.Parse(rep.Group, CultureInfo.InvariantCulture) * Math.Pow(10, q.ScaleExponent);
                var probe = q with { Value = collapsed, Decimals = 0 };
                var match = _figures.FirstOrDefault(s => probe.UnitCompatible(s) && probe.Matches(s.Value));
                var sum = match is null ? Sum(probe) : null;
                var where = match is not null ? $"; the source has {match.Text}"
                    : sum is { } parts ? $"; the source has {parts.A.Text} + {parts.B.Text} = {rep.Group}" : "";
                return new Finding(FindingKinds.Ungrounded, FindingSeverity.Error, "", q.Text,
                    match is not null ? Passage(match) : sum is { } p ? Passage(p.A) + " / " + Passage(p.B) : null,
                    $"{q.Text} is the digit group '{rep.Group}' repeated {rep.Count} times, a figure no source gives{where}");
            }
            if (q.ScaleExponent != 0 || q.Value >= 10_000)
            {
                foreach (var s in _figures.Where(s => q.UnitCompatible(s) && s.Value != 0))
                {
                    foreach (var k in Powers)
                    {
                        if (Close(q.Value * Math.Pow(10, k), s.Value))
                            return new Finding(FindingKinds.ScaleMismatch, FindingSeverity.Error, "", q.Text, Passage(s),
                                $"{q.Text} ({Format(q.Value)}) is {Factor(k)} the source's {s.Text} ({Format(s.Value)})");
                    }
                }
            }
            return Unsupported(q, $"{q.Text} is not in the {Checked}", null);
        }

        private string Checked => source.HasFullText ? "full text" : "abstract";

        private Finding Unsupported(Quantity q, string message, string? passage) => source.HasFullText
            ? new Finding(FindingKinds.Ungrounded, FindingSeverity.Error, "", q.Text, passage, message)
            : new Finding(FindingKinds.Unverified, FindingSeverity.Unverified, "", q.Text, passage, message + "; only the full text could confirm it");

        // Figures by value, so a sum's second part is found by binary search even in a long full text.
        private Quantity[] ByValue => field ??= [.. _figures.Where(f => f.Name is null).OrderBy(f => f.Value)];

        private (Quantity A, Quantity B)? Sum(Quantity q)
        {
            var sorted = ByValue;
            var tolerance = 0.5 * Math.Pow(10, q.ScaleExponent - q.Decimals);
            foreach (var a in sorted)
            {
                var want = q.Value - a.Value;
                if (want < a.Value - tolerance) break;
                var lo = LowerBound(sorted, want - tolerance);
                for (var k = lo; k < sorted.Length && sorted[k].Value <= want + tolerance; k++)
                {
                    var b = sorted[k];
                    if (!ReferenceEquals(a, b) && a.Unit == b.Unit && q.UnitCompatible(a) && q.Matches(a.Value + b.Value)) return (a, b);
                }
            }
            return null;
        }

        private static int LowerBound(Quantity[] sorted, double value)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (sorted[mid].Value < value) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        private string Passage(Quantity q) => source.Passage(q.Start, q.Length);

        private string Passage(QuantityGroup g) => source.Passage(g.Members[0].Start, g.Members[^1].End - g.Members[0].Start);
    }

    private static readonly int[] Powers = [1, -1, 2, -2, 3, -3, 4, -4];

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b));

    // k is the power of ten that turns the summary's figure into the source's.
    private static string Factor(int k) => k > 0 ? $"{Format(Math.Pow(10, k))} times smaller than" : $"{Format(Math.Pow(10, -k))} times larger than";

    private static string Format(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);

    private static string NormalizeName(string s) =>
        new([.. s.ToLowerInvariant().Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '_')]);
}
