using DailyPapers.Collect;
using DailyPapers.Papers;
using DailyPapers.Publish;
using DailyPapers.Summarize.Extractive;

namespace DailyPapers.Tests;

/// <summary>Builds test inputs from the real bundled sample.</summary>
internal static class Fixtures
{
    public static DayFeed SampleDay() =>
        new BundledSampleSource().GetDayAsync(BundledSampleSource.SampleDate, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The sample day summarized by the offline summarizer with the given role classifier.</summary>
    public static Digest SampleDigest(ISentenceRoleClassifier classifier, string language = "ko")
    {
        var summarizer = new ExtractiveSummarizer(classifier);
        var day = SampleDay();
        return new Digest(day.Date, language, [.. day.Ranked.Select(e => new DigestItem(e, summarizer.Summarize(e.Paper)))]);
    }

    public static DailyEntry Entry(string id, string title, int upvotes = 1, int order = 0, string? media = null, string abs = "We propose X. It works well.") => new()
    {
        Date = BundledSampleSource.SampleDate,
        FeedOrder = order,
        Upvotes = upvotes,
        MediaUrl = media,
        Paper = new Paper { ArxivId = id, Title = title, Authors = ["A. Author", "B. Author"], Abstract = abs },
    };
}
