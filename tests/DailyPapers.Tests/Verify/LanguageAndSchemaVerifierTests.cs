using DailyPapers.Papers;
using DailyPapers.Verify;
using static DailyPapers.Tests.Verify.VerifierTestKit;

namespace DailyPapers.Tests.Verify;

public sealed class LanguageAndSchemaVerifierTests
{
    private const string Abstract = "We propose ChemVLM, a multimodal large language model for chemistry.";

    [Fact]
    public async Task A_korean_summary_with_english_technical_terms_passes()
    {
        var summary = Ko("ChemVLM은 Vision Transformer(ViT)와 MLP, 대형 언어 모델(LLM)을 결합한 화학 분야의 멀티모달 모델입니다.");

        Assert.Empty(await RunAsync(new LanguageVerifier(Options()), Request(Abstract), summary));
    }

    [Fact]
    public async Task Han_characters_in_a_korean_summary_are_a_leak()
    {
        var summary = Ko("ChemVLM은 화학 분야의 多模态 모델로, 이미지와 텍스트를 함께 이해합니다.");

        var f = Assert.Single(await RunAsync(new LanguageVerifier(Options()), Request(Abstract), summary));

        Assert.Equal(FindingKinds.Language, f.Kind);
        Assert.Equal("多模态", f.Text);
        Assert.Contains("Han", f.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja", "ChemVLMは化学分野のマルチモーダルモデルで、画像とテキストを理解します。", null)]
    [InlineData("ja", "ChemVLMは化学分野の멀티모달モデルで、画像とテキストを理解します。", "멀티모달")]
    [InlineData("zh", "ChemVLM是化学领域的多模态大模型，可以理解图像和文本。", null)]
    [InlineData("zh", "ChemVLM是化学领域的多模态大模型，可以理解图像と文本。", "と")]
    [InlineData("en", "ChemVLM is a multimodal model for chemistry that reads images and text.", null)]
    [InlineData("en", "ChemVLM is a 멀티모달 model for chemistry that reads images and text.", "멀티모달")]
    public async Task Each_language_is_checked_for_letters_of_other_scripts(string language, string text, string? leak)
    {
        var summary = Summary(language, (SectionNames.WhatsNew, text), (SectionNames.TechnicalDetails, text), (SectionNames.PerformanceHighlights, text));

        var findings = await RunAsync(new LanguageVerifier(Options()), Request(Abstract, language: language), summary);

        if (leak is null) Assert.Empty(findings);
        else Assert.All(findings, f => Assert.Equal(leak, f.Text));
        Assert.Equal(leak is null ? 0 : 3, findings.Count);
    }

    [Theory]
    // Mathematical and letterlike symbols are not another script (real GPT-4o sentences).
    [InlineData("집합 ℬ와 모델 ℳ, 그래프 𝒢에서 손실 ℓ을 최소화하며, 학습률은 µ로 둡니다.")]
    // A Hanja gloss after its Korean word.
    [InlineData("소형 트랜스포머 모델과 비(非) 트랜스포머 모델에서도 이러한 능력이 있음이 밝혀졌습니다.")]
    public async Task Math_letters_and_a_hanja_gloss_are_not_a_leak(string text)
    {
        Assert.Empty(await RunAsync(new LanguageVerifier(Options()), Request(Abstract), Ko(text)));
    }

    [Fact]
    public async Task Ordinary_korean_dense_with_english_terms_passes_and_a_section_left_in_english_fails()
    {
        // Under half of the letters are Hangul here, but most words are Korean.
        var korean = Summary("ko",
            (SectionNames.WhatsNew, "LLaVA-OneVision은 SigLIP vision encoder와 Qwen-2 LLM을 2-layer MLP projector로 연결한 open LMM이며, single-image, multi-image, video 시나리오를 하나의 모델로 처리합니다."),
            (SectionNames.TechnicalDetails, "AnyRes 전략으로 high-resolution 이미지를 crop하고, visual token 수를 조절하여 GPU memory 사용량을 줄입니다."),
            (SectionNames.PerformanceHighlights, "MMMU, MathVista, Video-MME 등 benchmark에서 GPT-4V에 근접한 성능을 보입니다."));
        var oneEnglish = Summary("ko", (SectionNames.WhatsNew, korean.Sections[0].Text), (SectionNames.TechnicalDetails, korean.Sections[1].Text),
            (SectionNames.PerformanceHighlights, "It achieves results close to GPT-4V on MMMU, MathVista and Video-MME benchmarks across all settings."));

        Assert.Empty(await RunAsync(new LanguageVerifier(Options()), Request(Abstract), korean));
        var f = Assert.Single(await RunAsync(new LanguageVerifier(Options()), Request(Abstract), oneEnglish));
        Assert.Equal(SectionNames.PerformanceHighlights, f.Section);
    }

    [Fact]
    public async Task An_english_summary_labelled_korean_has_too_little_hangul()
    {
        var summary = Summary("ko",
            (SectionNames.WhatsNew, "We propose ChemVLM, a multimodal large language model for chemistry."),
            (SectionNames.TechnicalDetails, "It uses a ViT image encoder and ChemLLM-20B as the language model."),
            (SectionNames.PerformanceHighlights, "It reaches state-of-the-art results in five of six tasks."));

        var findings = await RunAsync(new LanguageVerifier(Options()), Request(Abstract), summary);

        // Each section written wholly in English fails on its own, named.
        Assert.Equal([SectionNames.WhatsNew, SectionNames.TechnicalDetails, SectionNames.PerformanceHighlights], findings.Select(f => f.Section));
        Assert.All(findings, f => Assert.Contains("0 % of the words of this section are Hangul", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_summary_with_the_required_sections_in_bounds_passes_the_schema()
    {
        Assert.Empty(await RunAsync(new SchemaVerifier(Options()), Request(Abstract), Ko("ChemVLM은 화학 분야의 멀티모달 모델입니다.")));
    }

    [Fact]
    public async Task Missing_empty_unknown_and_overlong_sections_are_reported()
    {
        var summary = Summary("ko",
            (SectionNames.WhatsNew, ""),
            (SectionNames.PerformanceHighlights, new string('가', 40)),
            ("Limitations", "이 모델은 아직 제한된 데이터로만 평가되었습니다."));

        var findings = await RunAsync(new SchemaVerifier(Options(new VerifyOptions { MaxSectionLength = 30 })), Request(Abstract), summary);

        Assert.All(findings, f => Assert.Equal(FindingKinds.Schema, f.Kind));
        Assert.Contains(findings, f => f.Severity == FindingSeverity.Error && f.Message!.Contains("'Technical Details' is missing", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Severity == FindingSeverity.Error && f.Message!.Contains("'What's New' is empty", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Severity == FindingSeverity.Warning && f.Message!.Contains("unknown section 'Limitations'", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Severity == FindingSeverity.Warning && f.Message!.Contains("more than 30", StringComparison.Ordinal));
    }
}
