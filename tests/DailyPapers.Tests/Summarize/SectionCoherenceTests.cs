using DailyPapers.Collect.HuggingFace;
using DailyPapers.Papers;
using DailyPapers.Summarize.Extractive;
using DailyPapers.Summarize.Extractive.Model;

namespace DailyPapers.Tests.Summarize;

/// <summary>
/// The offline summarizer on real abstracts from the captured 2024 days, where the previous selection opened a
/// section on a sentence whose predecessor it had dropped, or left a stated gain in Technical Details
/// (<c>bench coherence --show</c> lists every such case).
/// </summary>
public sealed class SectionCoherenceTests
{
    private static Summary Summarize(string date, string arxivId)
    {
        var file = Path.Combine(TestPaths.HfRaw2024, date + ".json");
        var feed = HuggingFaceFeedParser.Parse(File.ReadAllBytes(file), file, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));
        var paper = feed.Entries.Single(e => e.Paper.ArxivId == arxivId).Paper;
        return new ExtractiveSummarizer(TrainedRoleClassifier.Default).Summarize(paper);
    }

    [Fact]
    public void Whats_new_does_not_open_on_these_models_without_the_sentence_that_names_them()
    {
        // Given LLaVA-style LMMs (2405.17430), whose third sentence says "These models first embed images ..."
        // When summarized
        var whatsNew = Summarize("2024-05-28", "2405.17430")[SectionNames.WhatsNew]!;

        // Then "These models" comes only right after the sentence naming the models
        Assert.DoesNotMatch("^These models", whatsNew);
        if (whatsNew.Contains("These models first embed", StringComparison.Ordinal))
            Assert.Contains("Large Multimodal Models (LMMs) such as LLaVA have shown strong performance in visual-linguistic reasoning. These models first embed", whatsNew, StringComparison.Ordinal);
    }

    [Fact]
    public void Highlights_do_not_open_on_these_fine_tuned_models_without_the_experiment_that_made_them()
    {
        // Given InfinityMATH (2408.07089), whose result "These fine-tuned models, showed ..." follows the sentence
        // on the fine-tuning experiments
        var highlights = Summarize("2024-08-15", "2408.07089")[SectionNames.PerformanceHighlights]!;

        Assert.DoesNotMatch("^These fine-tuned models", highlights);
        Assert.Contains("such as Llama2 and CodeLlama, demonstrate the practical benefits of InfinityMATH. These fine-tuned models, showed", highlights, StringComparison.Ordinal);
    }

    [Fact]
    public void Technical_details_do_not_open_on_these_models_of_a_series_named_elsewhere()
    {
        // Given Aquila2 (2408.07410): "This paper introduces the Aquila2 series ... These models are trained ..."
        var summary = Summarize("2024-08-15", "2408.07410");
        var details = summary[SectionNames.TechnicalDetails]!;
        var whatsNew = summary[SectionNames.WhatsNew]!;

        // Then "These models" opens the details only when What's New ends on the sentence introducing the series
        if (details.StartsWith("These models", StringComparison.Ordinal))
            Assert.EndsWith("parameter sizes of 7, 34, and 70 billion.", whatsNew, StringComparison.Ordinal);
        else
            Assert.DoesNotContain(" These models are trained", details, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stated_gain_is_a_highlight_not_a_technical_detail()
    {
        // Given a retrieval paper (2407.05015) whose "achieves an absolute improvement of 23%" the model calls method
        const string gain = "Our retrieval system achieves an absolute improvement of 23% compared to the PubMed search engine.";

        var summary = Summarize("2024-07-10", "2407.05015");

        Assert.DoesNotContain(gain, summary[SectionNames.TechnicalDetails], StringComparison.Ordinal);
        Assert.Contains(gain, summary[SectionNames.PerformanceHighlights], StringComparison.Ordinal);
    }
}
