using System.Text.Json;
using DailyPapers.Papers;
using Microsoft.Extensions.AI;

namespace DailyPapers.Llm;

/// <summary>A model reply read as summary sections, or the problem that makes it unusable.</summary>
public sealed record SummaryReply(IReadOnlyList<SummarySection> Sections, string? Problem)
{
    /// <summary>Reads a reply: not cut off, one JSON object, every required section a non-empty string, text in <paramref name="language"/>.</summary>
    public static SummaryReply Read(ChatResponse response, string language)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.FinishReason == ChatFinishReason.Length)
            return Fail("the reply was cut off at the output token limit (finish reason 'length')");
        var text = StripFence(response.Text ?? "");
        if (text.Length == 0)
            return Fail("the reply was empty");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            return Fail($"the reply is not valid JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')}); it began: {Excerpt(text)}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return Fail($"the reply is JSON {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object with the summary sections");
            var sections = new List<SummarySection>();
            foreach (var name in SummaryPrompt.SectionOrder)
            {
                var required = SectionNames.Required.Contains(name);
                if (!doc.RootElement.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    if (required) return Fail($"the required section \"{name}\" is missing");
                    continue;
                }
                if (value.ValueKind != JsonValueKind.String)
                    return Fail($"the section \"{name}\" is a JSON {value.ValueKind.ToString().ToLowerInvariant()}, not a string");
                var s = value.GetString()!.Trim();
                if (s.Length == 0)
                {
                    if (required) return Fail($"the required section \"{name}\" is empty");
                    continue;
                }
                sections.Add(new SummarySection(name, s));
            }
            if (LanguageScript.Mismatch(string.Join("\n", sections.Select(s => s.Text)), language) is { } wrong)
                return Fail(wrong);
            return new SummaryReply(sections, null);
        }
    }

    private static SummaryReply Fail(string problem) => new([], problem);

    // Some OpenAI-compatible servers wrap JSON in a Markdown code fence despite the response format.
    private static string StripFence(string text)
    {
        var t = text.Trim();
        if (!t.StartsWith("```", StringComparison.Ordinal)) return t;
        var firstLine = t.IndexOf('\n');
        var last = t.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && last > firstLine ? t[(firstLine + 1)..last].Trim() : t;
    }

    private static string Excerpt(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return "\"" + (oneLine.Length > 60 ? oneLine[..60] + "…" : oneLine) + "\"";
    }
}
