using DailyPapers.Rank;

namespace DailyPapers.Web.Tests;

/// <summary>The real MiniLM encoder shared by every site the tests start, and the test profile "me" they configure.</summary>
public static class SharedEncoder
{
    /// <summary>Constructing it loads nothing: the model loads on the first text encoded, once for the whole test run.</summary>
    public static MiniLmEncoder Instance { get; } = new();

    public const string ProfileName = "me";

    /// <summary>
    /// Settings of the profile "me" over <paramref name="sample"/>: a library of arXiv ids (the hostile paper, whose title is
    /// markup, Generative Photomontage, and one line that is not an id), the keyword "deepfake", and "Aquila2" excluded.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Profile(SampleStore sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var library = Path.Combine(sample.Folder, "library.txt");
        File.WriteAllText(library, $"# my library\n{SampleStore.HostileId}\nnot-an-id\nhttps://arxiv.org/abs/2408.07116\n");
        return new Dictionary<string, string>
        {
            [$"DailyPapers:Profiles:{ProfileName}:Library"] = library,
            [$"DailyPapers:Profiles:{ProfileName}:Keywords"] = "deepfake",
            [$"DailyPapers:Profiles:{ProfileName}:ExcludeKeywords"] = "Aquila2",
        };
    }
}
