using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Summarize;
using DailyPapers.Verify.Quantities;

namespace DailyPapers.Verify;

/// <summary>
/// Flags degenerate repetition the source does not contain: digit runs that are one group repeated ("34343434"),
/// one character six or more times in a row, a word or phrase said three times or more back to back, or the same sentence (8+ words) twice.
/// </summary>
public sealed partial class RepetitionVerifier : ISummaryVerifier
{
    // A sentence this long said twice is a loop; shorter ones ("The abstract does not describe this.") may be set phrases.
    private const int MinSentenceWords = 8;

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> VerifyAsync(SummaryRequest request, Summary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(summary);
        var source = SourceText.For(request).Text;
        var findings = new List<Finding>();
        var sentences = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in summary.Sections)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var text = QuantityExtractor.Mask(section.Text);
            foreach (Match m in DigitRun().Matches(text))
            {
                if (DigitRepetition.Find(m.Groups["d"].Value) is { } rep && !source.Contains(m.Groups["d"].Value, StringComparison.Ordinal))
                    findings.Add(Error(section, m.Groups["d"].Value, $"the digit group '{rep.Group}' is repeated {rep.Count} times"));
            }
            foreach (Match m in CharRun().Matches(text))
            {
                if (!source.Contains(m.Value, StringComparison.Ordinal))
                    findings.Add(Error(section, m.Value, $"'{m.Groups[1].Value}' is repeated {m.Length} times"));
            }
            if (TandemRepeat(text) is { } tandem && !Squash(source).Contains(Squash(tandem.Span), StringComparison.Ordinal))
                findings.Add(Error(section, tandem.Span, $"'{tandem.Unit}' is repeated {tandem.Count} times in a row"));
            foreach (var sentence in SentenceEnd().Split(text).Select(Squash).Where(s => Words().Count(s) >= MinSentenceWords))
            {
                if (sentences.TryGetValue(sentence, out var first))
                    findings.Add(Error(section, sentence, $"the same sentence already appears in {first}"));
                else
                    sentences[sentence] = section.Name;
            }
        }
        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    private static Finding Error(SummarySection section, string text, string message) =>
        new(FindingKinds.Repetition, FindingSeverity.Error, section.Name, text, null, message);

    /// <summary>The first word sequence (1-6 words, at least one with a letter) repeated back to back three times or more ("협업 협업 협업").</summary>
    internal static (string Unit, int Count, string Span)? TandemRepeat(string text)
    {
        var words = Words().Matches(text).Select(m => m.Value).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            for (var n = 1; n <= 6 && i + n <= words.Length; n++)
            {
                var count = 1;
                while (i + (count + 1) * n <= words.Length && Same(words, i, i + count * n, n)) count++;
                if (count >= 3 && words.AsSpan(i, n).ToArray().Any(w => w.Any(char.IsLetter)))
                    return (string.Join(' ', words[i..(i + n)]), count, string.Join(' ', words[i..(i + count * n)]));
            }
        }
        return null;
    }

    private static bool Same(string[] words, int a, int b, int n)
    {
        for (var k = 0; k < n; k++)
            if (!string.Equals(words[a + k], words[b + k], StringComparison.Ordinal)) return false;
        return true;
    }

    private static string Squash(string s) => string.Join(' ', s.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"(?<!\d)(?<d>\d{6,})(?!\d)")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"([^\s\d])\1{5,}")]
    private static partial Regex CharRun();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Words();

    [GeneratedRegex(@"(?<=[.!?。])\s+")]
    private static partial Regex SentenceEnd();
}
