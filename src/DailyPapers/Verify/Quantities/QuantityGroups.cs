using System.Text.RegularExpressions;

namespace DailyPapers.Verify.Quantities;

/// <summary>A run of figures written as one list or range ("7, 34, and 70 billion", "7억에서 70억까지").</summary>
public sealed record QuantityGroup(IReadOnlyList<Quantity> Members, string Text, bool IsRange)
{
    /// <summary>The smallest member value.</summary>
    public double Min => Members.Min(q => q.Value);
    /// <summary>The largest member value.</summary>
    public double Max => Members.Max(q => q.Value);
}

/// <summary>Finds lists and ranges among extracted figures and shares a trailing scale word with the members before it.</summary>
public static partial class QuantityGroups
{
    /// <summary>Lists and ranges of two or more figures, in text order.</summary>
    public static IReadOnlyList<QuantityGroup> Find(string text, IReadOnlyList<Quantity> quantities)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(quantities);
        var groups = new List<QuantityGroup>();
        var i = 0;
        while (i < quantities.Count)
        {
            var j = i;
            var range = false;
            while (j + 1 < quantities.Count && Connector(text, quantities[j], quantities[j + 1]) is { } kind)
            {
                range |= kind == "range";
                j++;
            }
            if (j > i)
            {
                var members = quantities.Skip(i).Take(j - i + 1).ToList();
                groups.Add(new QuantityGroup(members, text[members[0].Start..members[^1].End], range && members.Count == 2));
            }
            i = j + 1;
        }
        return groups;
    }

    /// <summary>"7, 34, and 70 billion": the bare members before a scaled last member take its scale and unit.</summary>
    internal static IReadOnlyList<Quantity> PropagateScale(string text, List<Quantity> quantities)
    {
        foreach (var group in Find(text, quantities))
        {
            var last = group.Members[^1];
            foreach (var q in group.Members.Take(group.Members.Count - 1))
            {
                if (q.Unit.Length != 0 || q.Name is not null) continue;
                var index = quantities.IndexOf(q);
                var scaled = q.ScaleExponent == 0 && (last.ScaleExponent != 0 || last.Unit.Length != 0);
                quantities[index] = q with
                {
                    Value = scaled ? q.Value * Math.Pow(10, last.ScaleExponent) : q.Value,
                    ScaleExponent = scaled ? last.ScaleExponent : q.ScaleExponent,
                    Unit = scaled ? last.Unit : q.Unit,
                    Noun = last.Noun ?? q.Noun,
                };
            }
        }
        return quantities;
    }

    private static string? Connector(string text, Quantity a, Quantity b)
    {
        if (b.Start < a.End || a.Name is not null || b.Name is not null) return null;
        var gap = text[a.End..b.Start];
        if (RangeGap().IsMatch(gap)) return "range";
        return ListGap().IsMatch(gap) ? "list" : null;
    }

    [GeneratedRegex(@"^\s*(?:to|-|–|—|~|∼|〜|에서|부터|から|到|至)\s*$")]
    private static partial Regex RangeGap();

    [GeneratedRegex(@"^\s*(?:,\s*(?:and|or)?|and|or|및|、|，|/)\s*$")]
    private static partial Regex ListGap();
}
