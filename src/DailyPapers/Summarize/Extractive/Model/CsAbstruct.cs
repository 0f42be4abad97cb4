using System.Text.Json;

namespace DailyPapers.Summarize.Extractive.Model;

/// <summary>
/// An abstract's sentences with one gold role each and, when the data has them, the annotators' agreement on each
/// role (CSAbstruct's <c>confs</c>, 0..1).
/// </summary>
internal sealed record LabeledAbstract(IReadOnlyList<string> Sentences, IReadOnlyList<SentenceRole> Labels, IReadOnlyList<double>? Agreement = null);

/// <summary>Reads CSAbstruct JSON lines (<c>{"sentences": [...], "labels": [...]}</c>), naming any bad line.</summary>
internal static class CsAbstruct
{
    public static IReadOnlyList<LabeledAbstract> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"CSAbstruct file '{path}' does not exist", path);
        var result = new List<LabeledAbstract>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            result.Add(Parse(line, $"{path}:{lineNo}"));
        }
        if (result.Count == 0) throw new FormatException($"CSAbstruct file '{path}' holds no abstracts");
        return result;
    }

    private static LabeledAbstract Parse(string line, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("sentences", out var s) || !root.TryGetProperty("labels", out var l))
                throw new FormatException($"{where}: a CSAbstruct line needs 'sentences' and 'labels'");
            var sentences = s.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            var labels = l.EnumerateArray().Select(e => ParseLabel(e.GetString(), where)).ToList();
            if (sentences.Count != labels.Count || sentences.Count == 0)
                throw new FormatException($"{where}: {sentences.Count} sentences but {labels.Count} labels");
            List<double>? agreement = null;
            if (root.TryGetProperty("confs", out var c) && c.ValueKind == JsonValueKind.Array)
            {
                agreement = [.. c.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN)];
                if (agreement.Count != labels.Count || agreement.Any(a => !(a is >= 0 and <= 1)))
                    throw new FormatException($"{where}: 'confs' must hold one agreement in 0..1 per sentence");
            }
            return new LabeledAbstract(sentences, labels, agreement);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{where}: malformed JSON ({ex.Message})", ex);
        }
    }

    private static SentenceRole ParseLabel(string? label, string where) => label switch
    {
        "background" => SentenceRole.Background,
        "objective" => SentenceRole.Objective,
        "method" => SentenceRole.Method,
        "result" => SentenceRole.Result,
        "other" => SentenceRole.Other,
        _ => throw new FormatException($"{where}: unknown label '{label}' (expected background, objective, method, result or other)"),
    };
}
