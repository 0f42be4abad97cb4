using System.Text;
using DailyPapers.Collect;
using DailyPapers.Collect.HuggingFace;

namespace DailyPapers.Tests.Collect;

public sealed class HuggingFaceFeedParserTests
{
    private static readonly DateOnly Day = new(2024, 8, 15);

    [Fact]
    public async Task Reading_the_priority_day_gives_the_eight_papers_in_feed_order_with_their_fields()
    {
        var source = new HuggingFaceFileSource(TestPaths.HfRaw2024);

        var day = await source.GetDayAsync(Day, CancellationToken.None);

        Assert.Empty(day.Problems);
        Assert.Equal(["2408.07246", "2408.07116", "2408.07089", "2408.05366", "2408.07540", "2408.07410", "2408.07547", "2408.07416"],
            day.Entries.Select(e => e.Paper.ArxivId));
        var chem = day.Entries[0];
        Assert.Equal(13, chem.Upvotes);
        Assert.Equal("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2408.07246.png", chem.MediaUrl);
        Assert.Equal("Seeing and Understanding: Bridging Vision with Chemical Knowledge Via ChemVLM", chem.Paper.FoldedTitle);
        Assert.Contains('\n', chem.Paper.Title); // the hard break is kept in the record, folded on output
        Assert.Equal(["Sean J. Liu", "Nupur Kumari", "Ariel Shamir", "Jun-Yan Zhu"], day.Entries[1].Paper.Authors);
        Assert.StartsWith("In this technical report, we propose ChemVLM", chem.Paper.Abstract, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2024, 8, 15, 8, 55, 28, 428, TimeSpan.Zero), chem.PostedAt);
    }

    [Fact]
    public async Task Every_file_of_2024_is_read_and_the_python_repr_files_are_reported_record_by_record()
    {
        var source = new HuggingFaceFileSource(TestPaths.HfRaw2024);
        var dates = source.Dates();
        var manifest = File.ReadAllLines(Path.Combine(TestPaths.SharedData, "hf_daily_papers", "MANIFEST.csv"))
            .Skip(1).Select(l => l.Split(','))
            .Where(f => f[0].StartsWith("raw_2024/", StringComparison.Ordinal))
            .ToDictionary(f => f[0]["raw_2024/".Length..^".json".Length], f => (Records: int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), Shape: f[3]));

        Assert.Equal(157, dates.Count);
        var reprFiles = 0;
        foreach (var date in dates)
        {
            var day = await source.GetDayAsync(date, CancellationToken.None);
            var expected = manifest[date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)];
            if (expected.Shape == "python_repr_strings")
            {
                reprFiles++;
                Assert.Empty(day.Entries);
                Assert.Equal(expected.Records, day.Problems.Count);
                Assert.All(day.Problems, p => Assert.Contains("Python repr()", p.Message, StringComparison.Ordinal));
                Assert.Equal(Enumerable.Range(0, expected.Records).Select(i => (int?)i), day.Problems.Select(p => p.RecordIndex));
            }
            else
            {
                Assert.Empty(day.Problems);
                Assert.Equal(expected.Records, day.Entries.Count);
                Assert.All(day.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Paper.Title)));
                Assert.All(day.Entries, e => Assert.NotNull(e.MediaUrl));
            }
        }
        Assert.Equal(15, reprFiles);
    }

    [Fact]
    public async Task Before_2024_06_12_the_media_comes_from_mediaUrl()
    {
        var day = await new HuggingFaceFileSource(TestPaths.HfRaw2024).GetDayAsync(new DateOnly(2024, 5, 27), CancellationToken.None);

        Assert.Equal("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2405.15738.png", day.Entries[0].MediaUrl);
    }

    [Fact]
    public async Task Later_samples_with_added_fields_are_read_and_their_github_links_kept()
    {
        var folder = new HuggingFaceFileSource(Path.Combine(TestPaths.SharedData, "hf_daily_papers", "raw_later_samples"));
        var entries = 0;
        var withRepo = 0;
        foreach (var date in folder.Dates())
        {
            var day = await folder.GetDayAsync(date, CancellationToken.None);
            entries += day.Entries.Count;
            withRepo += day.Entries.Count(e => e.Paper.Links.Any(l => l.Kind == DailyPapers.Papers.LinkKind.Code));
            Assert.True(day.Entries.Count > 0 || day.Problems.Count > 0, $"{date} yielded neither entries nor problems");
        }
        Assert.True(entries > 300, $"only {entries} entries read");
        Assert.True(withRepo > 0, "no githubRepo link was kept from the 2025-2026 samples");
    }

    [Theory]
    [InlineData("not json at all", "malformed JSON")]
    [InlineData("{\"error\": \"Invalid date\"}", "expected a JSON array")]
    public void A_body_that_is_not_a_feed_is_one_problem_not_an_exception(string body, string expected)
    {
        var day = HuggingFaceFeedParser.Parse(Encoding.UTF8.GetBytes(body), "test.json", Day);

        Assert.Empty(day.Entries);
        var problem = Assert.Single(day.Problems);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.Equal("test.json", problem.Source);
    }

    [Fact]
    public void Bad_records_are_reported_one_by_one_and_the_good_ones_kept()
    {
        const string body = """
            [
              {"paper": {"id": "2408.00001", "title": "Good", "summary": "A.", "upvotes": 3, "authors": [{"name": "A B"}]}, "thumbnail": "https://x/y.png"},
              {"paper": {"title": "No id"}},
              42,
              {"paper": {"id": "not-an-id", "title": "Bad id"}},
              {"paper": {"id": "2408.00001", "title": "Duplicate"}},
              {"paper": {"id": "2408.00002v3", "title": "Versioned", "upvotes": 1}}
            ]
            """;

        var day = HuggingFaceFeedParser.Parse(Encoding.UTF8.GetBytes(body), "mixed.json", Day);

        Assert.Equal(["2408.00001", "2408.00002"], day.Entries.Select(e => e.Paper.ArxivId));
        Assert.Equal(3, day.Entries[1].Paper.Version);
        Assert.Equal([1, 2, 3, 4], day.Problems.Select(p => p.RecordIndex!.Value));
        Assert.Contains("no 'id'", day.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("duplicate", day.Problems[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_or_an_oversized_field_loses_that_record_only()
    {
        var huge = new string('x', HuggingFaceFeedParser.MaxAbstractLength + 1);
        var longTitle = new string('t', HuggingFaceFeedParser.MaxTitleLength + 1);
        var body = $$$"""
            [
              {"paper": {"id": "2408.00001", "title": "Broken \ud800 title", "summary": "A."}},
              {"paper": {"id": "2408.00002", "title": "Good", "summary": "B."}},
              {"paper": {"id": "2408.00003", "title": "Huge", "summary": "{{{huge}}}"}},
              {"paper": {"id": "2408.00004", "title": "{{{longTitle}}}", "summary": "C."}}
            ]
            """;

        var day = HuggingFaceFeedParser.Parse(Encoding.UTF8.GetBytes(body), "hostile.json", Day);

        Assert.Equal(["2408.00002"], day.Entries.Select(e => e.Paper.ArxivId));
        Assert.Equal([0, 2, 3], day.Problems.Select(p => p.RecordIndex!.Value));
        Assert.All(day.Problems, p => Assert.Equal("hostile.json", p.Source));
        Assert.Contains("paper 2408.00001 has a string that is not valid text", day.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("paper 2408.00003: abstract of 20,001 characters, more than the 20,000 allowed", day.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("paper 2408.00004: title of 1,001 characters", day.Problems[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_day_or_path_is_a_clear_error()
    {
        var folder = new HuggingFaceFileSource(TestPaths.HfRaw2024);

        var missing = await Assert.ThrowsAsync<DayNotFoundException>(() => folder.GetDayAsync(new DateOnly(2024, 8, 17), CancellationToken.None));
        Assert.Contains("2024-08-17", missing.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<SourceException>(() => new HuggingFaceFileSource("/no/such/place.json"));
        Assert.Contains("/no/such/place.json", bad.Message, StringComparison.Ordinal);
    }
}
