using DailyPapers.Verify.Quantities;

namespace DailyPapers.Tests.Verify;

public sealed class QuantityExtractorTests
{
    private static Quantity Single(string text, bool source = false)
    {
        var found = QuantityExtractor.Extract(text, source);
        return Assert.Single(found);
    }

    [Theory]
    [InlineData("총 220명의 참가자", 220, "")]
    [InlineData("10만 단어 크기의 토크나이저", 100_000, "")]
    [InlineData("7억 개의 파라미터", 700_000_000, "")]
    [InlineData("70억", 7_000_000_000, "")]
    [InlineData("1.5조 토큰", 1_500_000_000_000, "")]
    [InlineData("5천만 건", 50_000_000, "")]
    [InlineData("80%는 훈련용", 80, "%")]
    [InlineData("27배 빠른", 27, "x")]
    [InlineData("34시간의 영상", 34, "h")]
    [InlineData("단 3일 만에", 3, "d")]
    [InlineData("3주 이상", 3, "wk")]
    [InlineData("5958개의 딥페이크", 5958, "")]
    [InlineData("세 가지 데이터셋", 3, "")]
    [InlineData("정확도가 5.2%p 올랐습니다", 5.2, "%")]
    public void Korean_figures_are_read_with_their_scale_and_unit(string text, double value, string unit)
    {
        var q = Single(text);

        Assert.Equal(value, q.Value, 6);
        Assert.Equal(unit, q.Unit);
    }

    [Theory]
    [InlineData("more than 25 hours of footage", 25, "h")]
    [InlineData("a 7B model", 7_000_000_000, "")]
    [InlineData("1.2M images", 1_200_000, "")]
    [InlineData("100k steps", 100_000, "")]
    [InlineData("3.5 billion tokens", 3_500_000_000, "")]
    [InlineData("12 thousand users", 12_000, "")]
    [InlineData("1,024 GPUs", 1024, "")]
    [InlineData("ranging up to 514.3% on average", 514.3, "%")]
    [InlineData("27x faster", 27, "x")]
    [InlineData("3 times faster", 3, "x")]
    [InlineData("a 4-bit model", 4, "bit")]
    [InlineData("quantized to Int4", 4, "bit")]
    [InlineData("80G clusters", 80_000_000_000, "byte")]
    public void English_figures_are_read_with_their_scale_and_unit(string text, double value, string unit)
    {
        var q = Single(text);

        Assert.Equal(value, q.Value, 6);
        Assert.Equal(unit, q.Unit);
    }

    [Theory]
    [InlineData("参数规模为70亿", 7_000_000_000)]
    [InlineData("10万条数据", 100_000)]
    [InlineData("提升了3倍", 3)]
    [InlineData("70億パラメータのモデル", 7_000_000_000)]
    [InlineData("1万件のデータ", 10_000)]
    [InlineData("学習に3日かかる", 3)]
    public void Chinese_and_Japanese_scale_words_are_applied(string text, double value)
    {
        var q = Single(text);

        Assert.Equal(value, q.Value, 6);
    }

    [Fact]
    public void A_shared_scale_word_applies_to_every_member_of_a_list()
    {
        const string text = "parameter sizes of 7, 34, and 70 billion.";

        var found = QuantityExtractor.Extract(text);
        var group = Assert.Single(QuantityGroups.Find(text, found));

        Assert.Equal([7e9, 34e9, 70e9], found.Select(q => q.Value));
        Assert.Equal("7, 34, and 70 billion", group.Text);
        Assert.False(group.IsRange);
    }

    [Theory]
    [InlineData("7억에서 70억까지의 파라미터", 7e8, 7e9)]
    [InlineData("7억~70억", 7e8, 7e9)]
    [InlineData("from 184.7% to 514.3%", 184.7, 514.3)]
    public void Ranges_are_found_with_both_ends(string text, double lo, double hi)
    {
        var found = QuantityExtractor.Extract(text);

        var range = Assert.Single(QuantityGroups.Find(text, found));

        Assert.True(range.IsRange);
        Assert.Equal(lo, range.Min, 6);
        Assert.Equal(hi, range.Max, 6);
    }

    [Fact]
    public void Model_names_carry_their_size_and_the_name()
    {
        var found = QuantityExtractor.Extract("InternVIT-6B와 LLaMA-2-70B를 사용");

        Assert.Equal(["InternVIT-6B", "LLaMA-2-70B"], found.Select(q => q.Name));
        Assert.Equal([6e9, 70e9], found.Select(q => q.Value));
    }

    [Theory]
    [InlineData("GPT-4 비전 모델")]
    [InlineData("A100 클러스터")]
    [InlineData("3D Gaussian Splatting(3DGS)")]
    [InlineData("GSM8K+와 MATH+")]
    [InlineData(".mp4 및 .wav 형식")]
    [InlineData("Dataset v1.0")]
    [InlineData("https://huggingface.co/datasets/faridlab/deepspeak_v1 에서")]
    [InlineData("1. **Tokenizer**: 사용.")]
    [InlineData("세 번째 단계에서")]
    [InlineData("innovations. 1) Disco4D learns; (2) it adopts")]
    public void Identifiers_urls_and_list_markers_are_not_figures(string text)
    {
        Assert.Empty(QuantityExtractor.Extract(text));
    }

    [Fact]
    public void Number_words_are_read_only_when_asked_for()
    {
        Assert.Empty(QuantityExtractor.Extract("three custom evaluation sets"));
        Assert.Equal(3, Single("three custom evaluation sets", source: true).Value);
    }

    [Fact]
    public void A_figure_opening_a_line_of_a_source_is_a_figure_but_a_list_marker_of_a_summary_is_not()
    {
        const string text = "exceeding SOTA on\n22. Among these, the best";

        Assert.Equal(22, Single(text, source: true).Value);
        Assert.Empty(QuantityExtractor.Extract(text));
    }

    [Theory]
    [InlineData("34343434", "34", 4)]
    [InlineData("777777", "7", 6)]
    [InlineData("123412341234", "1234", 3)]
    public void Digit_runs_made_of_one_repeated_group_are_degenerate(string digits, string group, int count)
    {
        Assert.Equal((group, count), DigitRepetition.Find(digits));
    }

    [Theory]
    [InlineData("1000000")]
    [InlineData("5958")]
    [InlineData("3434343")]
    [InlineData("202408")]
    public void Ordinary_digit_runs_are_not_degenerate(string digits)
    {
        Assert.Null(DigitRepetition.Find(digits));
    }
}
