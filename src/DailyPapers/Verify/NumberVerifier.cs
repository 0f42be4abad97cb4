using System.Globalization;
using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Summarize;
using DailyPapers.Verify.Quantities;

namespace DailyPapers.Verify;

/// <summary>
/// Checks every figure of a summary against the source, like with like. A figure is grounded when the source states
/// it (within either text's rounding), as a sum of two source figures, or, in a model name (Llama-2-70B), when the
/// source has the same name. Otherwise it is compared only with source figures of the same quantity: the same unit
/// (%, hours, x) or the same counted noun (명/individuals, 개의 LVLM/LVLMs, 파라미터/parameters; a model size with a
/// model size); figures inside names are never such a quantity. The same quantity at another power of ten is a scale
/// mismatch; the one figure the source gives for that quantity, disagreeing (within a factor of two, beyond rounding
/// and hedges such as 약/about), is contradicted. A figure with nothing to compare is ungrounded when the full text
/// was checked (or a degenerate digit run) and unverified when only the abstract was.
/// </summary>
public sealed partial class NumberVerifier : ISummaryVerifier
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
            var grouped = QuantityGroups.Find(section.Text, figures).SelectMany(g => g.Members).ToHashSet();
            foreach (var q in figures.Where(q => !covered.Contains(q)))
            {
                var context = new Context(section.Text, q.Start, q.End) { Figures = figures, InGroup = grouped.Contains(q) };
                if (facts.Grade(q, context) is { } f) findings.Add(f with { Section = section.Name });
            }
        }
        findings.AddRange(RenamedModels(request.Paper.Title, source.Text, summary));
        IReadOnlyList<Finding> distinct = [.. findings.DistinctBy(f => (f.Kind, f.Section, f.Text))];
        return Task.FromResult(distinct);
    }

    // The paper's own model renamed: a versioned name the source lacks that is a name of the title with other
    // digits ("Yuan 2.0-M24" for the title's "Yuan 2.0-M32"). Sizes (Llama-3-70B) are left to the size rules.
    private static IEnumerable<Finding> RenamedModels(string title, string source, Summary summary)
    {
        var own = VersionedName().Matches(title ?? "").Select(m => m.Value).Where(n => !SizeSuffix().IsMatch(n)).Distinct(StringComparer.Ordinal).ToList();
        if (own.Count == 0) yield break;
        foreach (var section in summary.Sections)
        {
            foreach (var name in VersionedName().Matches(section.Text).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                if (source.Contains(name, StringComparison.Ordinal) || SizeSuffix().IsMatch(name)) continue;
                if (own.FirstOrDefault(o => Skeleton(o) == Skeleton(name)) is { } real)
                    yield return new Finding(FindingKinds.Contradicted, FindingSeverity.Error, section.Name, name, title,
                        $"{name} is not in the source; the paper's own model is {real}");
            }
        }
    }

    private static string Skeleton(string name) => Digits().Replace(name, "#");

    /// <summary>The words around a figure in its sentence: what a percentage or a ratio is of.</summary>
    internal readonly record struct Context(string Text, int Start, int End)
    {
        /// <summary>Every figure of the figure's section (the summary side); empty for a source figure.</summary>
        public IReadOnlyList<Quantity> Figures { get; init; } = [];

        /// <summary>True when the figure is one member of a list or range ("15-30%", "26B, 34B, 72B").</summary>
        public bool InGroup { get; init; }

        /// <summary>The distinctive terms (top-1, MMLU, GPT-4o; no metric word) nearest the figure before and after it, within 40 characters.</summary>
        public HashSet<string> NearKeys()
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            if (NearestKey(before: true) is { } b) keys.Add(b);
            if (NearestKey(before: false) is { } a) keys.Add(a);
            return keys;
        }

        /// <summary>The distinctive term nearest the figure within 40 characters (on one side when told), or null.</summary>
        public string? NearestKey(bool? before = null)
        {
            var from = Math.Max(0, Start - 40);
            var to = Math.Min(Text.Length, End + 40);
            string? best = null;
            var distance = int.MaxValue;
            foreach (Match m in Token().Matches(Text[from..to]))
            {
                var w = m.Value;
                if (!(w.Length >= 2 && char.IsAsciiLetter(w[0]) && (w.Count(char.IsAsciiLetterUpper) >= 2 || w.Any(char.IsAsciiDigit) && w.Any(char.IsAsciiLetter)))) continue;
                var at = from + m.Index;
                var d = at >= End ? at - End : Start - (at + m.Length);
                if (before is { } side && side != at < Start) continue;
                if (d >= 0 && d < distance) (best, distance) = (w.ToLowerInvariant(), d);
            }
            return best;
        }

        /// <summary>What a hedge or bound word makes of the figure: exact, about, at most or at least.</summary>
        public Bound Bound()
        {
            var before = Text[Math.Max(0, Start - 14)..Start];
            var after = Text[End..Math.Min(Text.Length, End + 8)];
            if (AtMostBefore().IsMatch(before) || AtMostAfter().IsMatch(after)) return Quantities.Bound.AtMost;
            if (AtLeastBefore().IsMatch(before) || AtLeastAfter().IsMatch(after)) return Quantities.Bound.AtLeast;
            if (HedgeBefore().IsMatch(before) || HedgeAfter().IsMatch(after)) return Quantities.Bound.About;
            return Quantities.Bound.Exact;
        }

        /// <summary>Distinctive words within the figure's clause: technical tokens (top-1, MMLU, GSM8K) and known metrics.</summary>
        public HashSet<string> Keys(int reach = 60, bool clause = false)
        {
            var from = Math.Max(0, Start - reach);
            var to = Math.Min(Text.Length, End + reach);
            if (clause)
            {
                // Only the comma clause: "7.05 mIoU gain, 2.06x training speedup, and 70.84% memory reduction".
                for (var i = Start - 1; i >= from; i--) if (Text[i] is ',' or '(' or ')') { from = i + 1; break; }
                for (var i = End; i < to; i++) if (Text[i] is ',' or '(' or ')') { to = i; break; }
            }
            // The clause around the figure (at most reach characters either side); a line break is no sentence end,
            // abstracts are hard-wrapped.
            for (var i = Start - 1; i >= from; i--) if (SentenceEnd(i)) { from = i + 1; break; }
            for (var i = End; i < to; i++) if (SentenceEnd(i)) { to = i; break; }
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match m in Token().Matches(Text[from..to]))
            {
                var w = m.Value;
                var lower = w.ToLowerInvariant().TrimEnd('s');
                if (Metrics.TryGetValue(lower, out var metric) || Metrics.TryGetValue(Nouns.Stem(w), out metric)) keys.Add(metric);
                else if (Metrics.TryGetValue(Nouns.OfWord(w) ?? "", out metric)) keys.Add(metric);
                else if (w.Length >= 2 && char.IsAsciiLetter(w[0]) && (w.Count(char.IsAsciiLetterUpper) >= 2 || w.Any(char.IsAsciiDigit) && w.Any(char.IsAsciiLetter)))
                    keys.Add(lower);
            }
            return keys;
        }

        private bool SentenceEnd(int i) =>
            (Text[i] is '.' or ';' or '。' && (i + 1 >= Text.Length || !char.IsAsciiDigit(Text[i + 1]))) || Text[i] == '\n' && i + 1 < Text.Length && Text[i + 1] is '\n' or '-' or '*';

        /// <summary>True when a hedge (약, 거의, 이상, about, over...) qualifies the figure.</summary>
        public bool Hedged()
        {
            var before = Text[Math.Max(0, Start - 12)..Start];
            var after = Text[End..Math.Min(Text.Length, End + 8)];
            return HedgeBefore().IsMatch(before) || HedgeAfter().IsMatch(after);
        }
    }

    private static readonly Dictionary<string, string> Metrics = new(StringComparer.Ordinal)
    {
        ["accuracy"] = "accuracy", ["정확도"] = "accuracy", ["정확성"] = "accuracy",
        ["length"] = "length", ["길이"] = "length",
        ["score"] = "score", ["점수"] = "score", ["스코어"] = "score",
        ["success"] = "success", ["성공률"] = "success",
        ["speed"] = "speed", ["faster"] = "speed", ["speedup"] = "speed", ["속도"] = "speed", ["빠른"] = "speed", ["빠르게"] = "speed",
        ["memory"] = "memory", ["메모리"] = "memory",
        ["cost"] = "cost", ["비용"] = "cost",
        ["error"] = "error", ["오류"] = "error", ["에러"] = "error", ["오차"] = "error",
        ["win"] = "win", ["승률"] = "win",
        ["latency"] = "latency", ["지연"] = "latency",
        ["throughput"] = "throughput", ["처리량"] = "throughput",
        ["precision"] = "precision", ["정밀도"] = "precision",
        ["recall"] = "recall", ["재현율"] = "recall",
        ["compression"] = "compression", ["압축"] = "compression",
        ["reduction"] = "reduction", ["reduce"] = "reduction", ["reduces"] = "reduction", ["감소"] = "reduction", ["줄였"] = "reduction", ["줄이"] = "reduction",
    };

    private static readonly HashSet<string> MetricKeys = [.. Metrics.Values];

    private sealed class SourceFacts(SourceText source)
    {
        // Read from the source only when a summary figure is graded: a summary without figures costs nothing here.
        private IReadOnlyList<Quantity> All => field ??= QuantityExtractor.Extract(source.Text, source: true);
        private string Names => field ??= NormalizeName(source.Text);

        // The terms near each source figure, worked out once per figure (a day compares hundreds of figures).
        private readonly Dictionary<Quantity, HashSet<string>> _keys = new(ReferenceEqualityComparer.Instance);

        // Figures that are quantities: a figure inside a name (DenseFusion-1M) only grounds the same name.
        private IReadOnlyList<Quantity> Figures => field ??= [.. All.Where(f => f.Name is null)];

        private IReadOnlyList<QuantityGroup> Groups => field ??= QuantityGroups.Find(source.Text, Figures);

        public (Finding? Finding, bool Grounded)? GradeRange(QuantityGroup range)
        {
            var (lo, hi) = (range.Members[0], range.Members[1]);
            var candidates = Groups.Where(g => SameQuantity(lo, g.Members[0]) || SameQuantity(hi, g.Members[^1])).ToList();
            if (candidates.Any(g => lo.Matches(g.Min) && hi.Matches(g.Max))) return (null, true);
            foreach (var g in candidates)
            {
                foreach (var k in Powers)
                {
                    var f = Math.Pow(10, k);
                    if ((lo.ScaleExponent != 0 || g.Members[0].ScaleExponent != 0) && Close(lo.Value * f, g.Min) && Close(hi.Value * f, g.Max))
                        return (new Finding(FindingKinds.ScaleMismatch, FindingSeverity.Error, "", range.Text, Passage(g),
                            $"the range {range.Text} ({Format(lo.Value)} to {Format(hi.Value)}) is {Factor(k)} the source's {g.Text} ({Format(g.Min)} to {Format(g.Max)})"), false);
                }
            }
            // One end is exactly the source range's and the other is not ("2200만에서 60만" against "from 22M to
            // 700K"): the range says something else of the same thing.
            foreach (var g in Groups.Where(g => g.IsRange && g.Members.Count == 2 && lo.Unit == g.Members[0].Unit && hi.Unit == g.Members[1].Unit))
            {
                var (a, b) = (g.Members[0], g.Members[1]);
                var loSame = Close(lo.Value, a.Value);
                var hiSame = Close(hi.Value, b.Value);
                if (loSame == hiSame) continue;
                var (mine, theirs) = loSame ? (hi, b) : (lo, a);
                if (mine.Agrees(theirs) || mine.Value / theirs.Value is < 0.5 or > 2) continue;
                return (new Finding(FindingKinds.Contradicted, FindingSeverity.Error, "", range.Text, Passage(g),
                    $"the range {range.Text} ends at {mine.Text} ({Format(mine.Value)}) where the source's {g.Text} has {theirs.Text} ({Format(theirs.Value)})"), false);
            }
            return null;
        }

        public Finding? Grade(Quantity q, Context context)
        {
            if (q.Name is not null)
            {
                if (Names.Contains(NormalizeName(q.Name), StringComparison.Ordinal)) return null;
                return Unsupported(q, $"the model name {q.Name} is not in the {Checked}");
            }
            if (Figures.Any(s => Compatible(q, s) && q.Agrees(s))) return null;
            // A model size grounded by a model name of that size ("3B" for Apollo-3B).
            if (q.Noun == "param" && All.Any(s => s.Name is not null && q.Agrees(s))) return null;
            // A parameter count right after a model name the source has ("H2O-Danube3-4B 모델은 약 3.96억 매개변수")
            // is that model's size: at another power of ten it is a scale mismatch.
            if (q.Noun == "param" && context.Figures.LastOrDefault(n => n.Name is not null && n.End <= q.Start && q.Start - n.End <= 40) is { } model
                && Names.Contains(NormalizeName(model.Name!), StringComparison.Ordinal))
            {
                foreach (var k in Powers)
                {
                    var scaled = q.Value * Math.Pow(10, k);
                    if (Close(scaled, model.Value) || q.ScaleExponent != model.ScaleExponent && model.Matches(scaled) && Math.Abs(scaled - model.Value) <= 0.05 * model.Value)
                        return new Finding(FindingKinds.ScaleMismatch, FindingSeverity.Error, "", q.Text, NamePassage(model.Name!),
                            $"{q.Text} ({Format(q.Value)}) is {Factor(k)} the size of {model.Name} ({Format(model.Value)}) it describes");
                }
            }
            if (Sum(q) is not null) return null;
            if (q.RepeatedGroup is { } rep)
            {
                var collapsed = double.Parse(rep.Group, CultureInfo.InvariantCulture) * Math.Pow(10, q.ScaleExponent);
                var probe = q with { Value = collapsed, Decimals = 0 };
                var match = Figures.FirstOrDefault(s => Compatible(probe, s) && probe.Matches(s.Value));
                var sum = match is null ? Sum(probe) : null;
                var where = match is not null ? $"; the source has {match.Text}"
                    : sum is { } parts ? $"; the source has {parts.A.Text} + {parts.B.Text} = {rep.Group}" : "";
                return new Finding(FindingKinds.Ungrounded, FindingSeverity.Error, "", q.Text,
                    match is not null ? Passage(match) : sum is { } p ? Passage(p.A) + " / " + Passage(p.B) : null,
                    $"{q.Text} is the digit group '{rep.Group}' repeated {rep.Count} times, a figure no source gives{where}");
            }
            // A short digit run that is a source figure said twice or more ("2525명" for 25 annotators, "6666개" for
            // 6 datasets): the same loop as 34343434, too short to be sure of without the source's figure.
            if (q.Decimals == 0 && ShortRepeat(q.Digits) is { } shortRep)
            {
                var probe = q with { Value = double.Parse(shortRep.Group, CultureInfo.InvariantCulture) * Math.Pow(10, q.ScaleExponent), Decimals = 0 };
                // Two or three digits ("77명" for 7 experts) only for a counted noun: "33%" may well be another percentage than "3%".
                if (Figures.FirstOrDefault(s => (q.Digits.Length >= 4 ? Compatible(probe, s) : q.Unit.Length == 0 && q.Noun is not null && SameQuantity(probe, s)) && probe.Matches(s.Value)) is { } match)
                    return new Finding(FindingKinds.Ungrounded, FindingSeverity.Error, "", q.Text, Passage(match),
                        $"{q.Text} is the source's {match.Text} written {shortRep.Count} times over ('{shortRep.Group}' repeated), a figure no source gives");
                // One digit four times or more ("3333개", "5555개") is a loop even without the source's figure.
                if (shortRep.Group.Length == 1 && shortRep.Count >= 4 && !source.Text.Contains(q.Digits, StringComparison.Ordinal))
                    return new Finding(FindingKinds.Ungrounded, FindingSeverity.Error, "", q.Text, null,
                        $"{q.Text} is the digit '{shortRep.Group}' repeated {shortRep.Count} times, a figure no source gives");
            }
            // A score (0.754) is named further away than a percentage ("JaColBERTv2.5 ... reaching an average score of").
            var reach = IsScore(q) ? 200 : 60;
            var keys = NeedsContext(q) ? context.Keys(reach) : null;
            var same = Figures.Where(s => SameQuantity(q, s) && s.Value != 0 && (keys is null || SharesContext(keys, s))).ToList();
            foreach (var s in same)
            {
                foreach (var k in Powers)
                {
                    var scaled = q with { Value = q.Value * Math.Pow(10, k), ScaleExponent = q.ScaleExponent + k };
                    // The digits must be the source's: exactly, or within the source's rounding when the two are
                    // written with different scales (1.45억 against 1.5B), never a coincidence of rounding between
                    // figures of one notation (72B is not 7B ten times over) or a far-off value (7,413 against "1 million").
                    if (Close(scaled.Value, s.Value)
                        || q.ScaleExponent != s.ScaleExponent && s.Matches(scaled.Value) && Math.Abs(scaled.Value - s.Value) <= 0.05 * Math.Abs(s.Value))
                        return new Finding(FindingKinds.ScaleMismatch, FindingSeverity.Error, "", q.Text, Passage(s),
                            $"{q.Text} ({Format(q.Value)}) is {Factor(k)} the source's {s.Text} ({Format(s.Value)}){Of(q)}");
                }
            }
            // Several source figures of the quantity: keep those named by the same nearest term as the summary's
            // ("91%의 top-1 정확도" against "a top-1 accuracy of 92% and a top-5 accuracy of 97.5%").
            if (same.Select(s => s.Value).Distinct().Count() > 1 && context.NearestKey() is { } nearest)
            {
                var named = same.Where(s => new Context(source.Text, s.Start, s.End).NearKeys().Contains(nearest)).ToList();
                if (named.Count > 0) same = named;
            }
            var values = same.Select(s => s.Value).Distinct().ToList();
            if ((values.Count == 1 ? same[0] : NearMiss(q, same)) is { } only && Near(q, only, context.Hedged()) is false
                && q.Value / only.Value is >= 0.5 and <= 2 && q.Value != only.Value && MayContradict(q, only, context, keys))
            {
                return new Finding(FindingKinds.Contradicted, FindingSeverity.Error, "", q.Text, Passage(only),
                    $"{q.Text} ({Format(q.Value)}) disagrees with the source's {only.Text} ({Format(only.Value)}){Of(q)}");
            }
            return Unsupported(q, $"{q.Text} is not in the {Checked}");
        }

        // A disagreement is a contradiction only when both figures can be about the same thing: not a bit width (a
        // setting; papers use several), not a generic small count ("between two tasks"), not one member of a list or
        // range, not a part of the source's total (87,000 + 5,299 of "92K examples"), not when the summary also states
        // the source's figure (then it is about something else), not a figure a source name carries (MathV360K), not
        // within a bound either side states (up to 29.2x, >3000 hours, 5B 미만), and for a percentage or a ratio only
        // when a distinctive term (top-1, MMLU, GPT-4o) is near both.
        private bool MayContradict(Quantity q, Quantity s, Context context, HashSet<string>? keys)
        {
            if (q.Unit == "bit" || q.Unit.Length == 0 && s.Decimals == 0 && s.Value < 3 || context.InGroup) return false;
            var others = context.Figures.Where(r => !ReferenceEquals(r, q) && r.Name is null).ToList();
            if (others.Any(r => Compatible(r, s) && r.Agrees(s))) return false;
            if (others.Any(r => SameQuantity(q, r) && (s.Matches(q.Value + r.Value) || Close(q.Value + r.Value, s.Value)))) return false;
            if (InSourceName(q)) return false;
            var theirs = new Context(source.Text, s.Start, s.End);
            if (Overlap(Interval(q, context.Bound()), Interval(s, theirs.Bound()))) return false;
            var reach = IsScore(q) ? 200 : 60;
            // A fraction is rare enough that the same metric near both will do ("시퀀스 길이를 거의 3분의 1로" / "about half the token sequence length").
            if (keys is not null && !keys.Overlaps(theirs.Keys(reach, clause: !IsScore(q)).Where(k => q.Unit == "frac" || !MetricKeys.Contains(k)))) return false;
            // Scores differ with the model and setting: only a near miss of the source's score is a slip (0.752 for 0.754).
            if (IsScore(q) && Math.Abs(q.Value - s.Value) > 0.01 * Math.Abs(s.Value)) return false;
            return true;
        }

        // Whether the figure's digits stand inside a name of the source (MathV360K for 360K); once per digits, since
        // the pattern is built from them and scans the whole source.
        private bool InSourceName(Quantity q)
        {
            var core = NameCore().Match(q.Text);
            if (!core.Success) return false;
            if (!_inName.TryGetValue(core.Value, out var found))
                _inName[core.Value] = found = source.Text.Contains(core.Value, StringComparison.Ordinal)
                    && Regex.IsMatch(source.Text, $@"[A-Za-z][A-Za-z-]*{Regex.Escape(core.Value)}(?![0-9])");
            return found;
        }

        private readonly Dictionary<string, bool> _inName = new(StringComparer.Ordinal);

        private static (double Lo, double Hi) Interval(Quantity q, Bound bound)
        {
            var tolerance = 0.5 * Math.Pow(10, q.ScaleExponent - q.Decimals);
            return bound switch
            {
                Bound.About => (q.Value * 0.85, q.Value * 1.15),
                Bound.AtMost => (0, q.Value + tolerance),
                Bound.AtLeast => (q.Value - tolerance, double.PositiveInfinity),
                _ => (q.Value - tolerance, q.Value + tolerance),
            };
        }

        private static bool Overlap((double Lo, double Hi) a, (double Lo, double Hi) b) => a.Lo < b.Hi && b.Lo < a.Hi;

        // Among several source figures of the quantity, the one the summary's figure misses by a last digit (0.752
        // for 0.754 when the other is 0.720): within 1 %, every other more than 3 % away.
        private static Quantity? NearMiss(Quantity q, List<Quantity> same)
        {
            static double Off(Quantity q, Quantity s) => Math.Abs(q.Value - s.Value) / Math.Abs(s.Value);
            var closest = same.MinBy(s => Off(q, s));
            return closest is not null && Off(q, closest) <= 0.01 && same.All(s => s.Value == closest.Value || Off(q, s) > 0.03) ? closest : null;
        }

        // Within the rounding of either figure; a hedged figure (약 200명, about half) within 15 %.
        private static bool Near(Quantity q, Quantity s, bool hedged) =>
            q.Agrees(s) || hedged && Math.Abs(q.Value - s.Value) <= 0.15 * Math.Abs(s.Value);

        private static string Of(Quantity q) => q.Noun is { } n ? $" (both count {n})" : q.Unit.Length > 0 ? $" (both in {q.Unit})" : "";

        private bool SharesContext(HashSet<string> keys, Quantity s)
        {
            var theirs = _keys.TryGetValue(s, out var known) ? known : _keys[s] = new Context(source.Text, s.Start, s.End).Keys(IsScore(s) ? 200 : 60);
            return keys.Overlaps(theirs);
        }

        private string Checked => source.HasFullText ? "full text" : "abstract";

        private Finding Unsupported(Quantity q, string message) => source.HasFullText
            ? new Finding(FindingKinds.Ungrounded, FindingSeverity.Error, "", q.Text, null, message)
            : new Finding(FindingKinds.Unverified, FindingSeverity.Unverified, "", q.Text, null, message + "; only the full text could confirm it");

        // Figures by value, so a sum's second part is found by binary search even in a long full text.
        private Quantity[] ByValue => field ??= [.. Figures.OrderBy(f => f.Value)];

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
                    if (!ReferenceEquals(a, b) && a.Unit == b.Unit && SameQuantity(q, a) && SameQuantity(q, b) && q.Matches(a.Value + b.Value)) return (a, b);
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

        private string? NamePassage(string name)
        {
            var at = source.Text.IndexOf(name, StringComparison.OrdinalIgnoreCase);
            return at < 0 ? null : source.Passage(at, name.Length);
        }

        private string Passage(QuantityGroup g) => source.Passage(g.Members[0].Start, g.Members[^1].End - g.Members[0].Start);
    }

    // "2525" is "25" twice, "5555" is "5" four times, "77" is "7" twice; zeros and non-repeats are not.
    internal static (string Group, int Count)? ShortRepeat(string digits)
    {
        if (digits is null || digits.Length is < 2 or > 5) return null;
        for (var size = 1; size <= 2; size++)
        {
            if (digits.Length % size != 0 || digits.Length / size < 2) continue;
            var group = digits[..size];
            if (group[0] == '0' || group.All(c => c == '0')) continue;
            var repeated = true;
            for (var i = size; i < digits.Length && repeated; i += size)
                repeated = string.CompareOrdinal(digits, i, group, 0, size) == 0;
            if (repeated) return (group, digits.Length / size);
        }
        return null;
    }

    // Grounding is generous: the same value with a compatible unit anywhere in the source.
    private static bool Compatible(Quantity q, Quantity s) => q.Unit == s.Unit || q.Unit.Length == 0 && s.Unit is "" or "x" || s.Unit.Length == 0 && q.Unit is "" or "x";

    /// <summary>The same quantity: the same unit (%, hours, x, bits), or the same counted noun.</summary>
    internal static bool SameQuantity(Quantity q, Quantity s) =>
        q.Unit.Length > 0 ? q.Unit == s.Unit : s.Unit.Length == 0 && (q.Noun is not null ? q.Noun == s.Noun : s.Noun is null && IsScore(q) && IsScore(s));

    // A bare decimal counting nothing (a score such as 0.754): the same quantity as another only in the same context.
    private static bool IsScore(Quantity q) => q.Unit.Length == 0 && q.Noun is null && q.Name is null && q.Decimals > 0 && q.ScaleExponent == 0;

    // Percentages, ratios and fractions are of something: compared only when the same metric or term is near both.
    private static bool NeedsContext(Quantity q) => q.Unit is "%" or "x" or "frac" || IsScore(q);

    private static readonly int[] Powers = [1, -1, 2, -2, 3, -3, 4, -4];

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b));

    // k is the power of ten that turns the summary's figure into the source's.
    private static string Factor(int k) => k > 0 ? $"{Format(Math.Pow(10, k))} times smaller than" : $"{Format(Math.Pow(10, -k))} times larger than";

    private static string Format(double v) => v.ToString("#,0.###", CultureInfo.InvariantCulture);

    private static string NormalizeName(string s) =>
        new([.. s.ToLowerInvariant().Where(c => !char.IsWhiteSpace(c) && c is not '-' and not '_')]);

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}\-]*")]
    private static partial Regex Token();

    [GeneratedRegex(@"(?:약|거의|대략|최대|최소|무려|(?i:about|around|approximately|roughly|nearly|almost|over|more than|up to|beyond|~|∼|>|<|≥|≤))\s*$")]
    private static partial Regex HedgeBefore();

    [GeneratedRegex(@"(?:최대|거의|(?i:up to|almost|nearly|under|below|less than|fewer than|at most|<|≤))\s*(?:a\s)?$")]
    private static partial Regex AtMostBefore();

    [GeneratedRegex(@"^\s*(?:이하|미만|이내)")]
    private static partial Regex AtMostAfter();

    [GeneratedRegex(@"(?:최소|무려|(?i:over|more than|beyond|at least|above|exceeding|in excess of|>|≥))\s*$")]
    private static partial Regex AtLeastBefore();

    [GeneratedRegex(@"^\s*(?:이상|초과|넘|\+)")]
    private static partial Regex AtLeastAfter();

    // A hyphenated name with a digit in a part after the first: 2.0-M32, Qwen2-VL-7B, GPT-4o.
    [GeneratedRegex(@"(?<![A-Za-z0-9._-])[A-Za-z0-9][A-Za-z0-9.]*(?:-[A-Za-z0-9.]*\d[A-Za-z0-9.]*)+(?![A-Za-z0-9_-])")]
    private static partial Regex VersionedName();

    [GeneratedRegex(@"\d(?:\.\d+)?[KMBT]$")]
    private static partial Regex SizeSuffix();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    // The digits and glued scale of a figure (360K in "360K 개"), to find it inside a source name (MathV360K).
    [GeneratedRegex(@"^\d[\d,.]*[KMBT]?")]
    private static partial Regex NameCore();

    [GeneratedRegex(@"^\s*(?:이상|이하|가량|정도|남짓|여|넘|초과|미만|안팎|\+)")]
    private static partial Regex HedgeAfter();
}
