using System.Text.Json;
using System.Text.RegularExpressions;

namespace DailyPapers.Tests.Llm;

/// <summary>
/// Scripted model replies made from the reference digest's Korean sections (written by the system we replace):
/// they let the loopback server answer like a model would, and are labelled scripted wherever they are used.
/// </summary>
internal static partial class ReferenceReplies
{
    public static string ReferencePath => Path.Combine(TestPaths.SharedReference, "daily-papers-2024-08-15.md");

    [GeneratedRegex(@"^- \*\*(?<name>.+?)\*\*: (?<text>.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"\(https://arxiv\.org/abs/(?<id>[\d.]+)\)")]
    private static partial Regex AbsLink();

    /// <summary>arXiv id → the reference's sections in order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Name, string Text)>> Sections()
    {
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>();
        string? id = null;
        foreach (var line in File.ReadAllLines(ReferencePath))
        {
            if (line.StartsWith("### [", StringComparison.Ordinal))
            {
                id = AbsLink().Match(line).Groups["id"].Value;
                result[id] = new List<(string, string)>();
            }
            else if (id is not null && Bullet().Match(line) is { Success: true } m)
            {
                ((List<(string, string)>)result[id]).Add((m.Groups["name"].Value, m.Groups["text"].Value));
            }
            else if (id is not null && line.Length > 0 && result[id] is List<(string Name, string Text)> { Count: > 0 } list)
            {
                // A section's numbered list continues on the following lines.
                list[^1] = (list[^1].Name, list[^1].Text + "\n" + line);
            }
        }
        return result;
    }

    /// <summary>The reference's sections of a paper as the JSON object a model would return.</summary>
    public static string Json(IReadOnlyList<(string Name, string Text)> sections) =>
        JsonSerializer.Serialize(sections.ToDictionary(s => s.Name, s => s.Text));

    /// <summary>Scripts every reference paper on the server.</summary>
    public static ScriptedModelServer ScriptReference(this ScriptedModelServer server)
    {
        foreach (var (id, sections) in Sections())
            server.Script(id, ScriptedReply.Json(Json(sections)));
        return server;
    }
}
