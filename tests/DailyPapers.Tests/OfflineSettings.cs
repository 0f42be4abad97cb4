namespace DailyPapers.Tests;

/// <summary>The one set of settings that keeps a test off the internet (shared by the core, CLI, LLM and web tests).</summary>
internal static class OfflineSettings
{
    /// <summary>A loopback port where nothing listens: a request fails at once as "unreachable".</summary>
    public const string ClosedPort = "http://127.0.0.1:1";

    /// <summary>
    /// Every outbound URL at <see cref="ClosedPort"/>, so the live paths run and fail as they would offline; no LLM
    /// provider, so a developer's user secrets cannot switch one on.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Unreachable { get; } = new Dictionary<string, string?>
    {
        ["DailyPapers:HuggingFace:BaseUrl"] = ClosedPort,
        ["DailyPapers:Arxiv:ApiUrl"] = ClosedPort + "/api/query",
        ["DailyPapers:Arxiv:BaseUrl"] = ClosedPort,
        ["DailyPapers:Llm:Provider"] = "",
    };

    /// <summary><see cref="Unreachable"/> with live collection and arXiv enrichment switched off: the day comes from the store or the bundled sample.</summary>
    public static IReadOnlyDictionary<string, string?> Off { get; } = new Dictionary<string, string?>(Unreachable)
    {
        ["DailyPapers:HuggingFace:Enabled"] = "false",
        ["DailyPapers:Arxiv:Metadata"] = "false",
        ["DailyPapers:Arxiv:FullText"] = "false",
    };

    /// <summary><paramref name="settings"/> over <paramref name="baseline"/> (a later key wins).</summary>
    public static Dictionary<string, string?> With(IReadOnlyDictionary<string, string?> baseline, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var all = new Dictionary<string, string?>(baseline, StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in settings ?? []) all[k] = v;
        return all;
    }
}
