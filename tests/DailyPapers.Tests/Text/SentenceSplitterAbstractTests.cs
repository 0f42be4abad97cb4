using DailyPapers.Text;

namespace DailyPapers.Tests.Text;

public sealed class SentenceSplitterAbstractTests
{
    [Fact]
    public void Latex_font_commands_and_math_symbols_become_plain_text_and_do_not_split()
    {
        // Given the DeepSpeak abstract's LaTeX and a speed-up written in math mode
        const string text = "We describe a large-scale dataset--{\\em DeepSpeak}--of real\nfootage. It is 3$\\times$ faster and uses \\textbf{10\\%} less memory. {\\em Ours} wins.";

        // When it is split
        var sentences = SentenceSplitter.Split(text);

        // Then markup is gone, the symbols are kept, and the sentence starting with a LaTeX group still splits
        Assert.Equal(["We describe a large-scale dataset--DeepSpeak--of real footage.", "It is 3× faster and uses 10% less memory.", "Ours wins."], sentences);
    }

    [Fact]
    public void Math_that_cannot_be_plain_text_keeps_its_dollars()
    {
        Assert.Equal(["The cost is $O(n^2)$ in time.", "Done."], SentenceSplitter.Split("The cost is $O(n^2)$ in time. Done."));
    }

    [Fact]
    public void Dollar_amounts_are_not_mistaken_for_math()
    {
        Assert.Equal(["Training costs $5 and $10 per run, or $5-$10 at 2× the speed."], SentenceSplitter.Split("Training costs $5 and $10 per run, or $5-$10 at 2$\\times$ the speed."));
    }

    [Fact]
    public void Et_al_ends_a_sentence_only_when_a_sentence_opener_follows()
    {
        var sentences = SentenceSplitter.Split("We extend the model of Smith et al. We then test it. Unlike Lee et al. Transformer variants fail, i.e. They break.");

        Assert.Equal(["We extend the model of Smith et al.", "We then test it.", "Unlike Lee et al. Transformer variants fail, i.e. They break."], sentences);
    }

    [Fact]
    public void Decimals_versions_urls_and_initials_do_not_end_a_sentence()
    {
        var sentences = SentenceSplitter.Split("Accuracy rose from 71.3 to 84.0 with Llama 3.1 and v2.0.1 (see www.example.org/a.b). Code: https://github.com/x/y.\nJ. Smith helped. Fig. 2 shows it.");

        Assert.Equal(["Accuracy rose from 71.3 to 84.0 with Llama 3.1 and v2.0.1 (see www.example.org/a.b).", "Code: https://github.com/x/y.", "J. Smith helped.", "Fig. 2 shows it."], sentences);
    }

    [Fact]
    public void A_blank_line_ends_a_sentence_even_without_a_full_stop()
    {
        var sentences = SentenceSplitter.Split("Project page\n\nWe propose a model\nthat is wrapped over lines. It works.");

        Assert.Equal(["Project page", "We propose a model that is wrapped over lines.", "It works."], sentences);
    }
}
