using DailyPapers.Papers;
using DailyPapers.Verify;
using static DailyPapers.Tests.Verify.VerifierTestKit;

namespace DailyPapers.Tests.Verify;

public sealed class RepetitionVerifierTests
{
    private const string Abstract = "The real videos consist of 9 hours of footage from 220 diverse individuals.";

    private static Task<IReadOnlyList<Finding>> Check(string summary, string abs = Abstract) => RunAsync(new RepetitionVerifier(), Request(abs), Ko(summary));

    [Fact]
    public async Task An_ordinary_summary_passes()
    {
        Assert.Empty(await Check("이 데이터셋은 34시간의 실제 및 딥페이크 비디오와 220명의 참가자를 포함합니다."));
    }

    [Fact]
    public async Task A_repeated_digit_group_is_flagged()
    {
        var f = Assert.Single(await Check("이 데이터셋은 34343434시간의 실제 및 딥페이크 비디오를 포함합니다."));

        Assert.Equal(FindingKinds.Repetition, f.Kind);
        Assert.Equal("34343434", f.Text);
        Assert.Contains("'34' is repeated 4 times", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_digit_group_the_source_contains_passes()
    {
        Assert.Empty(await Check("식별자 111111을 사용합니다. 이 데이터셋은 공개되어 있습니다.", "Records use the id 111111 throughout."));
    }

    [Fact]
    public async Task A_character_run_is_flagged()
    {
        Assert.Equal(FindingKinds.Repetition, Assert.Single(await Check("성능이 매우 좋습니다!!!!!!!! 데이터셋은 공개되어 있습니다.")).Kind);
    }

    [Fact]
    public async Task A_word_sequence_repeated_back_to_back_is_flagged()
    {
        var f = Assert.Single(await Check("모델은 빠르고 정확하다 빠르고 정확하다 빠르고 정확하다 그리고 공개되어 있습니다."));

        Assert.Contains("'빠르고 정확하다' is repeated 3 times", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_short_set_phrase_in_two_sections_passes()
    {
        var summary = Summary("en",
            (SectionNames.WhatsNew, "We release a dataset of 9 hours of real footage."),
            (SectionNames.TechnicalDetails, "The abstract does not describe this."),
            (SectionNames.PerformanceHighlights, "The abstract does not describe this."));

        Assert.Empty(await RunAsync(new RepetitionVerifier(), Request(Abstract), summary));
    }

    [Fact]
    public async Task The_same_sentence_in_two_sections_is_flagged()
    {
        var summary = Summary("ko",
            (SectionNames.WhatsNew, "이 논문은 디지털 포렌식 연구를 위한 새로운 오디오 및 비디오 데이터셋을 소개합니다."),
            (SectionNames.TechnicalDetails, "이 논문은 디지털 포렌식 연구를 위한 새로운 오디오 및 비디오 데이터셋을 소개합니다."),
            (SectionNames.PerformanceHighlights, "기존 방법보다 더 나은 성능을 보여주었습니다."));

        var f = Assert.Single(await RunAsync(new RepetitionVerifier(), Request(Abstract), summary));

        Assert.Equal(SectionNames.TechnicalDetails, f.Section);
    }
}
