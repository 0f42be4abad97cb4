using DailyPapers.Papers;
using DailyPapers.Text;

namespace DailyPapers.Tests.Text;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Abbreviations_decimals_versions_and_urls_do_not_end_a_sentence()
    {
        const string text = "Models, e.g. GPT-4, improve by 3.5 points over v1.0 of Smith et al. on MMLU.\nCode is at https://github.com/a/b.c now. Second sentence here.";

        var sentences = SentenceSplitter.Split(text);

        Assert.Equal(["Models, e.g. GPT-4, improve by 3.5 points over v1.0 of Smith et al. on MMLU.", "Code is at https://github.com/a/b.c now.", "Second sentence here."], sentences);
    }

    [Fact]
    public void Hard_line_breaks_are_folded()
    {
        Assert.Equal(["A long sentence wrapped over lines."], SentenceSplitter.Split("A long sentence\n  wrapped over\nlines."));
    }

    [Theory]
    [InlineData("2408.07246", "2408.07246", null)]
    [InlineData("2408.07246v2", "2408.07246", 2)]
    [InlineData("arXiv:2104.12255v1", "2104.12255", 1)]
    [InlineData("astro-ph/0601001", "astro-ph/0601001", null)]
    [InlineData("quant-ph/0201082v1", "quant-ph/0201082", 1)]
    public void Arxiv_ids_parse_new_and_old_styles(string text, string id, int? version)
    {
        Assert.Equal(new ArxivId(id, version), ArxivId.Parse(text));
    }

    [Fact]
    public void A_non_id_names_itself_in_the_error()
    {
        var ex = Assert.Throws<FormatException>(() => ArxivId.Parse("id_abc"));
        Assert.Contains("'id_abc'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_are_normalized_classified_and_deduplicated()
    {
        var links = LinkExtractor.Extract("See https://github.com/sh-lee-prml/PeriodWave. and github.com/sh-lee-prml/PeriodWave.git, data at https://huggingface.co/datasets/faridlab/deepspeak_v1, model https://huggingface.co/AI4Chem/ChemVLM-26B.", "abstract");

        Assert.Equal([
            ("https://github.com/sh-lee-prml/PeriodWave", LinkKind.Code),
            ("https://huggingface.co/datasets/faridlab/deepspeak_v1", LinkKind.Dataset),
            ("https://huggingface.co/AI4Chem/ChemVLM-26B", LinkKind.Model),
        ], links.Select(l => (l.Url, l.Kind)));
    }
}
