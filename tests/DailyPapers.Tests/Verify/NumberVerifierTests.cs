using DailyPapers.Papers;
using DailyPapers.Verify;
using static DailyPapers.Tests.Verify.VerifierTestKit;

namespace DailyPapers.Tests.Verify;

public sealed class NumberVerifierTests
{
    private const string Aquila = "This paper introduces the Aquila2 series, which comprises a wide range of bilingual models with parameter sizes of 7, 34, and 70 billion. Aquila2-34B demonstrates only a slight decrease in performance when quantized to Int4.";
    private const string DeepSpeak = "The real videos consist of 9 hours of footage from 220 diverse individuals. Constituting more than 25 hours of footage, the fake videos consist of deepfakes.";

    private static Task<IReadOnlyList<Finding>> Check(string abs, string summary, string? fullText = null) =>
        RunAsync(new NumberVerifier(), Request(abs, fullText), Ko(summary));

    [Theory]
    [InlineData("Aquila2 시리즈는 70억, 340억, 700억 파라미터 모델로 구성됩니다.")]
    [InlineData("Aquila2 시리즈는 70억에서 700억까지의 파라미터를 가집니다.")]
    [InlineData("Aquila2-34B는 4-bit 양자화에서도 성능 저하가 적습니다.")]
    public async Task Figures_the_abstract_states_pass(string summary)
    {
        Assert.Empty(await Check(Aquila, summary));
    }

    [Fact]
    public async Task A_range_at_another_power_of_ten_is_a_scale_mismatch_quoting_the_source_range()
    {
        var findings = await Check(Aquila, "Aquila2 시리즈는 7억에서 70억까지의 파라미터 크기를 갖춘 모델입니다.");

        var f = Assert.Single(findings);
        Assert.Equal(FindingKinds.ScaleMismatch, f.Kind);
        Assert.Equal(FindingSeverity.Error, f.Severity);
        Assert.Equal("7억에서 70억", f.Text);
        Assert.Equal(SectionNames.WhatsNew, f.Section);
        Assert.Contains("7, 34, and 70 billion", f.SourcePassage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_figure_at_another_power_of_ten_is_a_scale_mismatch()
    {
        var findings = await Check(Aquila, "가장 큰 모델은 7억 개의 파라미터를 가집니다.");

        Assert.Equal(FindingKinds.ScaleMismatch, Assert.Single(findings).Kind);
    }

    [Fact]
    public async Task A_sum_of_two_source_figures_passes()
    {
        Assert.Empty(await Check(DeepSpeak, "총 34시간 분량의 영상과 220명의 참가자가 포함되어 있습니다."));
    }

    [Fact]
    public async Task A_sum_whose_parts_are_not_in_the_source_is_not_grounded()
    {
        var findings = await Check(DeepSpeak, "총 41시간 분량의 영상이 포함되어 있습니다.");

        Assert.Equal(FindingKinds.Unverified, Assert.Single(findings).Kind);
    }

    [Fact]
    public async Task A_degenerate_digit_run_is_ungrounded_even_when_only_the_abstract_is_known()
    {
        var findings = await Check(DeepSpeak, "34343434시간의 실제 및 딥페이크 비디오가 포함되어 있습니다.");

        var f = Assert.Single(findings);
        Assert.Equal(FindingKinds.Ungrounded, f.Kind);
        Assert.Equal("34343434시간", f.Text);
        Assert.Contains("9 hours", f.SourcePassage, StringComparison.Ordinal);
        Assert.Contains("25 hours", f.SourcePassage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_figure_only_the_full_text_could_confirm_is_unverified_when_only_the_abstract_is_known()
    {
        var findings = await Check(DeepSpeak, "총 5958개의 딥페이크 비디오가 생성되었습니다.");

        var f = Assert.Single(findings);
        Assert.Equal(FindingKinds.Unverified, f.Kind);
        Assert.Equal(FindingSeverity.Unverified, f.Severity);
        Assert.Equal("5958개", f.Text);
    }

    [Fact]
    public async Task With_the_full_text_a_figure_it_states_passes_one_it_contradicts_is_contradicted_and_one_it_lacks_is_ungrounded()
    {
        const string full = "We generated 5,958 deepfake videos with three face-swap engines.";

        var grounded = await Check(DeepSpeak, "총 5958개의 딥페이크 비디오가 생성되었습니다.", full);
        var contradicted = await Check(DeepSpeak, "총 6120개의 딥페이크 비디오가 생성되었습니다.", full);
        var ungrounded = await Check(DeepSpeak, "녹화에는 17개의 카메라가 쓰였습니다.", full);

        Assert.Empty(grounded);
        var c = Assert.Single(contradicted);
        Assert.Equal(FindingKinds.Contradicted, c.Kind);
        Assert.Equal(FindingSeverity.Error, c.Severity);
        Assert.Contains("5,958 deepfake videos", c.SourcePassage, StringComparison.Ordinal);
        var u = Assert.Single(ungrounded);
        Assert.Equal(FindingKinds.Ungrounded, u.Kind);
        Assert.Equal("17개", u.Text);
        Assert.Contains("not in the full text", u.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_name_counts_only_when_the_same_name_is_in_the_source()
    {
        var findings = await Check(Aquila, "Aquila2-34B는 LLaMA-2-70B보다 나은 점수를 기록했습니다.");

        var f = Assert.Single(findings);
        Assert.Equal("LLaMA-2-70B", f.Text);
        Assert.Equal(FindingKinds.Unverified, f.Kind);
    }

    [Fact]
    public async Task A_rounded_figure_passes_and_a_different_one_does_not()
    {
        const string abs = "Our models improve by 184.7% on average.";

        Assert.Empty(await Check(abs, "평균 185%의 향상을 보였습니다."));
        Assert.Single(await Check(abs, "평균 195%의 향상을 보였습니다."));
    }
}
