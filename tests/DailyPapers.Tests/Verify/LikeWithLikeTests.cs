using DailyPapers.Papers;
using DailyPapers.Verify;
using DailyPapers.Verify.Quantities;
using static DailyPapers.Tests.Verify.VerifierTestKit;

namespace DailyPapers.Tests.Verify;

/// <summary>
/// A summary figure is compared only with source figures of the same quantity. The abstracts are real sentences of
/// the Hugging Face feed (../shared/data/hf_daily_papers); the summary sentences are the kind GPT-4o wrote for them.
/// </summary>
public sealed class LikeWithLikeTests
{
    private const string DeepSpeak = "The real videos in this first version of the dataset consist of 9 hours of footage from 220 diverse individuals.";

    private static Task<IReadOnlyList<Finding>> Check(string abs, string summary) => RunAsync(new NumberVerifier(), Request(abs), Ko(summary));

    private static async Task<Finding> Defect(string abs, string summary) =>
        Assert.Single(await Check(abs, summary), f => f.Severity == FindingSeverity.Error);

    private static async Task NoDefect(string abs, string summary) =>
        Assert.DoesNotContain(await Check(abs, summary), f => f.Severity == FindingSeverity.Error);

    [Fact]
    public async Task A_count_ten_times_off_with_the_same_noun_is_a_scale_mismatch()
    {
        var f = await Defect(DeepSpeak, "총 2200명의 참가자가 녹화에 참여했습니다.");

        Assert.Equal(FindingKinds.ScaleMismatch, f.Kind);
        Assert.Equal("2200명", f.Text);
        Assert.Contains("220 diverse individuals", f.SourcePassage, StringComparison.Ordinal);
        Assert.Contains("both count person", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_count_that_is_not_the_sources_for_the_same_noun_is_contradicted()
    {
        var f = await Defect("By evaluating eleven LVLMs on VideoHallucer, we reveal that the majority of current models exhibit significant issues with hallucinations.",
            "12개의 LVLM를 평가한 결과, 대부분의 모델들이 많은 환각 이슈를 가지고 있었습니다.");

        Assert.Equal(FindingKinds.Contradicted, f.Kind);
        Assert.Contains("eleven LVLMs", f.SourcePassage, StringComparison.Ordinal);
    }

    [Theory]
    // A figure inside a name grounds that name only; it is no quantity to compare other figures against.
    [InlineData("Apollo-3B outperforms most existing 7B models on video benchmarks.", "Apollo는 30B 이상의 파라미터를 가진 모델들과 경쟁합니다.")]
    [InlineData("We construct DenseFusion-1M, a dataset of highly detailed image descriptions.", "10만 개의 설명을 사람이 검수했습니다.")]
    // A spelled-out number counts its own noun: "two tokenizers" says nothing of a 2K-token context.
    [InlineData("We compare two tokenizers on contexts of up to 32K tokens.", "2K 토큰보다 짧은 텍스트에서도 마찬가지입니다.")]
    // Bounds either side states: "up to", "beyond", "over", and 미만 (under).
    [InlineData("PowerInfer-2 achieves up to a 29.2x speed increase compared with state-of-the-art frameworks.", "Llama.cpp보다 21.2배 빠른 생성 속도를 달성했습니다.")]
    [InlineData("LLaMAX: Scaling Linguistic Horizons of LLM by Enhancing Translation Capabilities Beyond 100 Languages", "102개의 언어를 다루는 다언어 학습을 수행했습니다.")]
    [InlineData("With >3000 hours of videos across >25 sign languages, YouTube-SL-25 is the largest parallel sign language dataset.", "최종 데이터셋은 3,207시간의 비디오를 포함합니다.")]
    [InlineData("We introduce MedMobile, a 3.8 billion parameter LM capable of running on a mobile device.", "5B 미만 파라미터 공간에서 최초로 USMLE 스타일의 문제를 통과한 모델입니다.")]
    // Bit widths are settings a paper uses several of.
    [InlineData("BinaryMoS even outperforms 2-bit quantization methods.", "기존의 이진화 기법은 가중치를 1비트 값으로 변환했습니다.")]
    // A part of the source's total.
    [InlineData("We construct WildGuardMix, a multi-task safety moderation dataset with 92K labeled examples.", "학습용 데이터셋(87,000개 예제)과 평가용 데이터셋(5,299개 예제)을 포함합니다.")]
    // The summary also states the source's figure, so its other figure is about something else.
    [InlineData("Speech-MASSIVE covers 12 languages from different families.", "12개의 언어를 선정했으며, 나머지 10개 언어는 제한된 훈련 데이터를 수집했습니다.")]
    // A generic small count.
    [InlineData("We propose a metric for estimating the transferability between two tasks via in-context learning.", "57개의 MMLU 작업 중 단 3개의 작업만 선택했습니다.")]
    // A list or range member, and a different quantity near the same term.
    [InlineData("Even the DALL-E 3 model could only achieve 48.92% on Commonsense-T2I.", "다른 모델들은 15-30% 범위에 머물렀습니다.")]
    [InlineData("Up to 7.05 mIoU gain, 2.06x training speedup, and 70.84% memory reduction.", "miOU 기준으로 43.2%의 향상을 나타냈습니다.")]
    // Scores differ with the model: only a near miss is a slip.
    [InlineData("On the ImageNet1K 256*256 benchmark, our best AiM model achieves a FID of 2.21.", "작은 규모의 AiM 모델은 FID 3.5를 달성했습니다.")]
    // A short percentage is not a repeated digit group of another percentage.
    [InlineData("The model is 3% less accurate on long inputs.", "학습 시간을 33% 줄였습니다.")]
    // A power-of-ten coincidence between figures written the same way, or far off in its digits.
    [InlineData("We present an efficient LLVM family with 1.8B, 3.8B, and 7B LLM model sizes.", "TroL은 더 큰 모델(예: 26B, 34B, 72B, 110B)을 능가합니다.")]
    [InlineData("XEUS is trained on over 1 million hours of data across 4057 languages.", "7,413시간의 라벨 없는 음성을 포함하는 새로운 코퍼스를 공개합니다.")]
    public async Task Figures_of_different_quantities_are_not_compared(string abs, string summary)
    {
        await NoDefect(abs, summary);
    }

    [Theory]
    [InlineData("Our best model achieves a top-1 accuracy of 92\\% and a top-5 accuracy of 97.5\\%.", "91%의 top-1 정확도와 97%의 top-5 정확도를 달성했습니다.", "91%")]
    [InlineData("AMT requires about half the token sequence length to represent the same mesh.", "시퀀스 길이를 거의 3분의 1로 줄일 수 있게 합니다.", "3분의 1")]
    [InlineData("LongRAG significantly reduces the total units from 22M to 700K.", "코퍼스 사이즈를 2200만에서 60만 문서 단위로 줄였습니다.", "2200만에서 60만")]
    public async Task A_percentage_a_fraction_or_a_range_that_disagrees_with_the_same_thing_is_contradicted(string abs, string summary, string text)
    {
        var f = await Defect(abs, summary);

        Assert.Equal(FindingKinds.Contradicted, f.Kind);
        Assert.Equal(text, f.Text);
        Assert.NotNull(f.SourcePassage);
    }

    [Fact]
    public async Task A_parameter_count_after_a_model_name_is_that_models_size()
    {
        var f = await Defect("We present H2O-Danube3, a series of small language models consisting of H2O-Danube3-4B, trained on 6T tokens.",
            "H2O-Danube3-4B 모델은 약 3.96억 매개변수를 포함합니다.");

        Assert.Equal(FindingKinds.ScaleMismatch, f.Kind);
        Assert.Contains("H2O-Danube3-4B", f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("This involves the efforts of professional 25 annotators and 7 experts in MLLMs.", "2525명의 전문 주석자가 참여했습니다.", "2525명")]
    [InlineData("Experiments on 6 standard datasets show that LLMAEL outperforms baseline EL models.", "3333개의 선택된 EL 모델에 대해 평가했습니다.", "3333개")]
    public async Task A_short_digit_run_repeating_one_group_is_ungrounded(string abs, string summary, string text)
    {
        var f = await Defect(abs, summary);

        Assert.Equal(FindingKinds.Ungrounded, f.Kind);
        Assert.Equal(text, f.Text);
    }

    [Theory]
    [InlineData("2023년에 발표된 선행 연구[2]의 세 번째 단계를 개선했습니다.")]
    [InlineData("Claude 3 Opus와 Gemini 1.0 Pro조차 정확도가 떨어집니다.")]
    [InlineData("표 6에서 8에는 사용자들이 제시한 예제가 있습니다.")]
    [InlineData("20년대의 비행사 안경을 시각화할 수 있습니다.")]
    public async Task Years_citations_ordinals_versions_references_and_decades_are_not_figures(string summary)
    {
        Assert.Empty(await Check(DeepSpeak, summary));
    }

    [Theory]
    [InlineData("8천 2백만 개의 이미지", 82_000_000)]
    [InlineData("3억 5천만 개의 파라미터", 350_000_000)]
    [InlineData("성능이 0.026만큼 향상", 0.026)]
    [InlineData("단 3개만 사용", 3)]
    public void Compound_numerals_are_added_up_and_particles_are_no_multipliers(string text, double value)
    {
        var q = Assert.Single(QuantityExtractor.Extract(text));

        Assert.Equal(value, q.Value, 6);
    }

    [Fact]
    public void LaTeX_percent_float_formats_and_hyphenated_number_words_of_an_abstract_are_read()
    {
        Assert.Equal(92, Assert.Single(QuantityExtractor.Extract("a top-1 accuracy of 92\\%", source: true)).Value);
        Assert.Equal("bit", Assert.Single(QuantityExtractor.Extract("out-of-the-box float8 matrix multiplication", source: true)).Unit);
        Assert.Equal(1, Assert.Single(QuantityExtractor.Extract("existing one-step generative methods", source: true)).Value);
    }
}
