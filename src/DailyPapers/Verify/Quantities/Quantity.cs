namespace DailyPapers.Verify.Quantities;

/// <summary>
/// A figure found in text, normalized: <see cref="Value"/> with every scale word applied (70억 = 7e9), a unit class
/// ("%", "x", "bit", "byte", "h", "d", "wk", "mo", "yr", or "" for counts and bare numbers) and where it was written.
/// </summary>
public sealed record Quantity(double Value, string Unit, string Text, int Start, int Length)
{
    /// <summary>The digits as written, separators removed ("34343434", "1847" for 184.7).</summary>
    public string Digits { get; init; } = "";

    /// <summary>Digits after the decimal point: the precision the text claims.</summary>
    public int Decimals { get; init; }

    /// <summary>The power of ten a scale word or suffix applied (8 for 억, 9 for "billion" or "B"); 0 when none.</summary>
    public int ScaleExponent { get; init; }

    /// <summary>The model name the figure is part of (Llama-2-70B), or null.</summary>
    public string? Name { get; init; }

    /// <summary>What the figure counts (<see cref="Nouns"/>: "person", "token", "param", "lvlm"...), or null when unknown.</summary>
    public string? Noun { get; init; }

    /// <summary>Index just after the figure.</summary>
    public int End => Start + Length;

    /// <summary>True when either figure is within the rounding the other's precision allows.</summary>
    public bool Agrees(Quantity other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Matches(other.Value) || other.Matches(Value);
    }

    /// <summary>True when the value is within the rounding the text's precision allows of <paramref name="other"/>.</summary>
    public bool Matches(double other)
    {
        var tolerance = 0.5 * Math.Pow(10, ScaleExponent - Decimals) + 1e-9 * Math.Abs(other);
        return Math.Abs(Value - other) <= tolerance;
    }

    /// <summary>A degenerate digit run ("34343434": "34" four times), or null.</summary>
    public (string Group, int Count)? RepeatedGroup => DigitRepetition.Find(Digits);
}

/// <summary>Finds digit runs that are one short group repeated, the signature of a model stuck in a loop.</summary>
public static class DigitRepetition
{
    /// <summary>The group and its count when <paramref name="digits"/> (6+ digits) is a group of 1-4 digits repeated 3+ times; not for zeros.</summary>
    public static (string Group, int Count)? Find(string digits)
    {
        if (digits is null || digits.Length < 6) return null;
        for (var size = 1; size <= 4; size++)
        {
            if (digits.Length % size != 0 || digits.Length / size < 3) continue;
            var group = digits[..size];
            if (group.All(c => c == '0')) continue;
            var repeated = true;
            for (var i = size; i < digits.Length && repeated; i += size)
                repeated = string.CompareOrdinal(digits, i, group, 0, size) == 0;
            if (repeated) return (group, digits.Length / size);
        }
        return null;
    }
}

/// <summary>What a hedge or bound word next to a figure makes of it.</summary>
public enum Bound
{
    /// <summary>The figure as written, within its rounding.</summary>
    Exact,
    /// <summary>About the figure (약, about, approximately): within 15 %.</summary>
    About,
    /// <summary>At most the figure (up to, almost, 최대, 미만, 이하).</summary>
    AtMost,
    /// <summary>At least the figure (over, more than, beyond, 이상, 초과).</summary>
    AtLeast,
}
