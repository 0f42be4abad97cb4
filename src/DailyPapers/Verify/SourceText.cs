using DailyPapers.Summarize;

namespace DailyPapers.Verify;

/// <summary>What a summary is checked against: title and abstract, plus the full text and captions when stored.</summary>
public sealed record SourceText(string Text, bool HasFullText)
{
    /// <summary>The source of a summary request.</summary>
    public static SourceText For(SummaryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = new List<string> { request.Paper.Title, request.Paper.Abstract };
        if (request.FullText is { } full)
        {
            parts.Add(full.PlainText);
            parts.AddRange(full.Captions);
        }
        return new SourceText(string.Join("\n\n", parts), request.FullText is { Sections.Count: > 0 });
    }

    /// <summary>The sentence around <paramref name="index"/>, at most about 240 characters, line breaks folded.</summary>
    public string Passage(int index, int length)
    {
        var start = index;
        while (start > 0 && index - start < 160 && !IsBoundary(Text, start - 1)) start--;
        var end = Math.Min(Text.Length, index + length);
        while (end < Text.Length && end - index < 160 && !IsBoundary(Text, end - 1)) end++;
        var passage = string.Join(' ', Text[start..end].Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return (start > 0 && !IsBoundary(Text, start - 1) ? "…" : "") + passage + (end < Text.Length && !IsBoundary(Text, end - 1) ? "…" : "");
    }

    private static bool IsBoundary(string text, int i) =>
        text[i] is '。' || (text[i] is '.' or '!' or '?' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]))) || (text[i] == '\n' && i > 0 && text[i - 1] == '\n');
}
