using DailyPapers.Papers;
using DailyPapers.Summarize;
using DailyPapers.Summarize.Extractive;
using DailyPapers.Summarize.Extractive.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Tests.Summarize;

public sealed class ExtractiveSummarizerTests
{
    private static readonly Paper Paper = new()
    {
        ArxivId = "2408.99999",
        Title = "Sparse Widgets",
        Abstract = "Dense widget models are slow on long inputs. In this paper, we propose SparseWidget, a sparse widget model. " +
                   "It routes each token to two of eight experts and caches their outputs. Experiments show that SparseWidget matches dense quality. " +
                   "Code is available at https://github.com/example/sparsewidget.",
    };

    private static FullText FullTextWith(params FullTextSection[] sections) =>
        new() { ArxivId = Paper.ArxivId, Source = "html", Url = "https://arxiv.org/html/2408.99999", Sections = sections };

    [Fact]
    public void Each_abstract_sentence_lands_in_the_section_a_reader_expects()
    {
        var summary = new ExtractiveSummarizer(TrainedRoleClassifier.Default).Summarize(Paper);

        Assert.Equal("Dense widget models are slow on long inputs. In this paper, we propose SparseWidget, a sparse widget model.", summary[SectionNames.WhatsNew]);
        Assert.Equal("It routes each token to two of eight experts and caches their outputs.", summary[SectionNames.TechnicalDetails]);
        Assert.Equal("Experiments show that SparseWidget matches dense quality.", summary[SectionNames.PerformanceHighlights]);
        Assert.Equal("Code: https://github.com/example/sparsewidget", summary[SectionNames.CodeAndResources]);
    }

    [Fact]
    public void With_full_text_the_highlights_add_numeric_results_from_the_experiments_section_only()
    {
        // Given a full text whose method and experiments sections both have sentences with numbers
        var fullText = FullTextWith(
            new FullTextSection(["3 Method"], "We use 8 experts with a capacity factor of 1.25 in every layer. Each expert is a two-layer MLP with 4096 hidden units."),
            new FullTextSection(["5 Experiments", "5.2 Main results"], "Table 2 compares the models on the long-input benchmark. SparseWidget reaches 84.2 F1 on LongBench, 1.3 points above the dense baseline, while running 2.7 times faster. The results confirm that sparsity does not hurt quality."),
            new FullTextSection(["7 Conclusion"], "We presented SparseWidget. It cut inference cost by 63% with no loss in accuracy on all 12 tasks we tried."));

        // When the paper is summarized with it
        var summary = new ExtractiveSummarizer(TrainedRoleClassifier.Default).Summarize(Paper, fullText);

        // Then the abstract's result comes first, followed by numeric findings from experiments/conclusion, never method details
        var highlights = summary[SectionNames.PerformanceHighlights]!;
        Assert.StartsWith("Experiments show that SparseWidget matches dense quality. ", highlights, StringComparison.Ordinal);
        Assert.Contains("SparseWidget reaches 84.2 F1 on LongBench", highlights, StringComparison.Ordinal);
        Assert.DoesNotContain("capacity factor", highlights, StringComparison.Ordinal);
        Assert.DoesNotContain("4096", highlights, StringComparison.Ordinal);
        Assert.Equal(summary[SectionNames.TechnicalDetails], new ExtractiveSummarizer(TrainedRoleClassifier.Default).Summarize(Paper)[SectionNames.TechnicalDetails]);
    }

    [Fact]
    public async Task The_full_text_of_a_request_reaches_the_summary()
    {
        var fullText = FullTextWith(new FullTextSection(["4 Results"], "SparseWidget reaches 84.2 F1 on LongBench, 1.3 points above the dense baseline."));

        var summary = await new ExtractiveSummarizer(TrainedRoleClassifier.Default).SummarizeAsync(new SummaryRequest(Paper, "en") { FullText = fullText }, CancellationToken.None);

        Assert.Contains("84.2 F1", summary[SectionNames.PerformanceHighlights], StringComparison.Ordinal);
    }

    [Fact]
    public void The_trained_model_is_the_default_and_its_summaries_do_not_reuse_rule_based_ones()
    {
        // Given the shared registration
        var builder = Host.CreateApplicationBuilder();
        builder.AddDailyPapersCore();
        using var host = builder.Build();

        // When the offline summarizer is resolved
        var classifier = host.Services.GetRequiredService<ISentenceRoleClassifier>();
        var summarizer = host.Services.GetRequiredService<SummarizerCatalog>().Get(null);

        // Then it runs on the embedded CSAbstruct model, and its cache identity differs from the rules'
        Assert.Same(TrainedRoleClassifier.Default, classifier);
        Assert.StartsWith("csabstruct-crf-v2+", summarizer.Origin.Model, StringComparison.Ordinal);
        Assert.NotEqual(new ExtractiveSummarizer(new RuleBasedRoleClassifier()).Origin, summarizer.Origin);
    }

    [Fact]
    public void A_long_section_is_trimmed_to_four_sentences_in_abstract_order()
    {
        var paper = Paper with
        {
            Abstract = "We propose Foo, a new parser. First, we tokenize the input with a learned vocabulary. Second, we embed each token with a small encoder. " +
                       "Third, we decode the tree with a pointer network. Fourth, we rerank trees with a critic. Fifth, we distil the critic into the decoder. " +
                       "Foo improves accuracy by 2.1 points on PTB.",
        };

        var details = new ExtractiveSummarizer(TrainedRoleClassifier.Default).Summarize(paper)[SectionNames.TechnicalDetails]!;

        var sentences = DailyPapers.Text.SentenceSplitter.Split(details);
        Assert.InRange(sentences.Count, 2, 4);
        var positions = sentences.Select(s => paper.Abstract.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
    }

    [Theory]
    [InlineData("However, they are slow.", true)]
    [InlineData("Meanwhile, diffusion models are strong.", true)]
    [InlineData("Above all, no model separates periods.", true)]
    [InlineData("To reduce this issue, we add a cache.", true)]
    [InlineData("This limitation hurts recall.", true)]
    [InlineData("Additionally, we use wavelets.", true)]
    [InlineData("Moreover, it halves the cost.", true)]
    [InlineData("Yet, it remains challenging to generate video.", true)]
    [InlineData("It routes each token to two experts.", true)]
    [InlineData("These models first embed images into tokens.", true)]
    [InlineData("Its code interpreter can install packages.", true)]
    [InlineData("It is hard to collect such data.", false)]
    [InlineData("It remains unclear whether scaling helps.", false)]
    [InlineData("Itemized lists are common.", false)]
    [InlineData("This work studies Foo.", false)]
    [InlineData("Still images are cheap.", false)]
    [InlineData("First, we introduce an estimator.", false)]
    [InlineData("This paper proposes Foo.", false)]
    [InlineData("Thusly named models are rare.", false)]
    [InlineData("To that end, we collect a corpus.", true)]
    [InlineData("Instead, we learn the weights.", true)]
    [InlineData("Instead of labels, we use rewards.", false)]
    [InlineData("To train such models, we use 8 GPUs.", false)]
    [InlineData("To address these challenges, we propose Foo.", true)]
    public void A_sentence_that_leans_on_its_predecessor_is_recognized(string sentence, bool leans) =>
        Assert.Equal(leans, Cohesion.LeansOnPrevious(sentence));

    [Fact]
    public void A_trimmed_section_does_not_open_on_a_sentence_that_needs_the_one_before_it()
    {
        // Given an abstract whose background sentences are ranked nearest-to-the-objective first, so plain trimming
        // would keep "Meanwhile, ..." and "Above all, ..." without what they answer
        var paper = Paper with
        {
            Abstract = "Recently, waveform generation has been studied widely. Although GAN vocoders are fast, they suffer from train-inference mismatch. " +
                       "Meanwhile, diffusion models are strong but slow. Above all, no generator separates periodic features. " +
                       "In this paper, we propose PeriodWave, a universal waveform generator.",
        };
        var classifier = new FixedRoles(SentenceRole.Background, SentenceRole.Background, SentenceRole.Background, SentenceRole.Background, SentenceRole.Objective);

        var whatsNew = new ExtractiveSummarizer(classifier).Summarize(paper)[SectionNames.WhatsNew]!;

        // Then "Meanwhile" comes with the sentence it follows, and "Above all" (whose predecessor leans too) is left out
        Assert.Equal("Although GAN vocoders are fast, they suffer from train-inference mismatch. Meanwhile, diffusion models are strong but slow. " +
                     "In this paper, we propose PeriodWave, a universal waveform generator.", whatsNew);
    }

    [Fact]
    public void Highlights_that_open_on_a_sentence_continuing_the_last_detail_take_that_detail_with_them()
    {
        // Given the last method sentence states a finding the first result sentence goes on from ("Moreover, it ...")
        var paper = Paper with
        {
            Abstract = "We propose Foo, a sparse parser. It uses a learned vocabulary. It embeds tokens with a small encoder. " +
                       "Foo matches the dense parser on PTB. Moreover, it halves the decoding cost.",
        };
        var classifier = new FixedRoles(SentenceRole.Objective, SentenceRole.Method, SentenceRole.Method, SentenceRole.Method, SentenceRole.Result);

        // When it is summarized
        var summary = new ExtractiveSummarizer(classifier).Summarize(paper);

        // Then the highlights read as one finding and the details keep the rest
        Assert.Equal("Foo matches the dense parser on PTB. Moreover, it halves the decoding cost.", summary[SectionNames.PerformanceHighlights]);
        Assert.Equal("It uses a learned vocabulary. It embeds tokens with a small encoder.", summary[SectionNames.TechnicalDetails]);
    }

    /// <summary>Gives every sentence a role from a list, most confident first, to pin the selection rules.</summary>
    private sealed class FixedRoles(params SentenceRole[] roles) : ISentenceRoleClassifier
    {
        public string ModelName => "fixed-roles-test";

        public IReadOnlyList<(SentenceRole Role, double Confidence)> Classify(IReadOnlyList<string> sentences) =>
            [.. sentences.Select((_, i) => (roles[i], 1.0 - i * 0.01))];
    }
}
