using DailyPapers.Rank;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Rank;

public sealed class HybridSearchTests
{
    [Fact]
    public void Reciprocal_rank_fusion_adds_one_over_sixty_plus_rank_from_each_list()
    {
        // Given a keyword list a, b, c and a semantic list c, a, d
        // When they are fused
        var fused = HybridSearch.Fuse(["a", "b", "c"], ["c", "a", "d"]);

        // Then a (ranks 1 and 2) leads c (3 and 1), then b and d (one list each, rank 2 before rank 3), scores negated
        Assert.Equal(["a", "c", "b", "d"], fused.Select(f => f.ArxivId));
        Assert.Equal(-(1.0 / 61 + 1.0 / 62), fused[0].Score, 12);
        Assert.Equal(-(1.0 / 63 + 1.0 / 61), fused[1].Score, 12);
        Assert.Equal(-1.0 / 62, fused[2].Score, 12);
        Assert.Equal(-1.0 / 63, fused[3].Score, 12);
    }

    [Fact]
    public void Equal_fused_scores_keep_the_order_first_seen()
    {
        // b is second in the first list and a second in the other: the same score, b seen first
        var fused = HybridSearch.Fuse(["x", "b"], ["y", "a"]);

        Assert.Equal(["x", "y", "b", "a"], fused.Select(f => f.ArxivId));
    }

    [Theory]
    [InlineData(null, SearchMode.Keyword)]
    [InlineData(" ", SearchMode.Keyword)]
    [InlineData("keyword", SearchMode.Keyword)]
    [InlineData("Semantic", SearchMode.Semantic)]
    [InlineData(" HYBRID ", SearchMode.Hybrid)]
    public void A_mode_is_read_case_insensitively_blank_meaning_keyword(string? text, SearchMode expected) =>
        Assert.Equal(expected, SearchModes.Parse(text));

    [Fact]
    public void An_unknown_mode_is_an_error_naming_it_and_the_allowed_ones()
    {
        var ex = Assert.Throws<SearchQueryException>(() => SearchModes.Parse("fuzzy"));

        Assert.Equal("mode 'fuzzy' is not a search mode; allowed: keyword, semantic, hybrid", ex.Message);
    }
}
