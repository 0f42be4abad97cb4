using DailyPapers.Llm;
using DailyPapers.Papers;
using Microsoft.Extensions.AI;

namespace DailyPapers.Tests.Llm;

public sealed class SummaryReplyTests
{
    private static ChatResponse Reply(string text, ChatFinishReason? finish = null) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = finish ?? ChatFinishReason.Stop };

    [Fact]
    public void Every_korean_summary_of_the_reference_passes_the_language_check()
    {
        // Given the reference's Korean sections (with their English terms and the odd Chinese character)
        var sections = ReferenceReplies.Sections();

        // When each is checked as Korean
        var problems = sections.Select(s => (s.Key, Problem: LanguageScript.Mismatch(string.Join("\n", s.Value.Select(v => v.Text)), "ko"))).Where(p => p.Problem is not null);

        // Then none is rejected
        Assert.Equal(8, sections.Count);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_fenced_reply_with_null_optional_sections_keeps_the_sections_given_in_schema_order()
    {
        // Given a reply in a code fence, sections out of order, an optional one null
        var text = "```json\n{\"Evaluation\":\"평가 방식입니다.\",\"What's New\":\"새 방법입니다.\",\"New Datasets\":null,\"Technical Details\":\"구조입니다.\",\"Performance Highlights\":\"성능입니다.\"}\n```";

        // When it is read
        var reply = SummaryReply.Read(Reply(text), "ko");

        // Then the sections come in digest order and the null one is left out
        Assert.Null(reply.Problem);
        Assert.Equal([SectionNames.WhatsNew, SectionNames.TechnicalDetails, SectionNames.PerformanceHighlights, SectionNames.Evaluation], reply.Sections.Select(s => s.Name));
    }

    [Theory]
    [InlineData("[1, 2]", "the reply is JSON array, not an object")]
    [InlineData("{\"What's New\": 3, \"Technical Details\": \"구조\", \"Performance Highlights\": \"성능\"}", "the section \"What's New\" is a JSON number")]
    [InlineData("{\"What's New\": \" \", \"Technical Details\": \"구조\", \"Performance Highlights\": \"성능\"}", "the required section \"What's New\" is empty")]
    [InlineData("", "the reply was empty")]
    public void A_malformed_reply_is_named(string text, string problem)
    {
        // Given a malformed reply; When it is read
        var reply = SummaryReply.Read(Reply(text), "ko");

        // Then the problem says what is wrong
        Assert.NotNull(reply.Problem);
        Assert.StartsWith(problem, reply.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja", "新しいモデルを提案します。", true)]
    [InlineData("ja", "提出了一种新模型。", false)]
    [InlineData("en", "We propose a new model (ViT).", true)]
    [InlineData("en", "새로운 모델을 제안합니다.", false)]
    [InlineData("de", "Wir schlagen ein neues Modell vor.", true)]
    [InlineData("ko", "提出了一种新模型。", false)]
    public void The_language_check_accepts_text_in_the_language_and_rejects_other_scripts(string language, string text, bool accepted)
    {
        // Given text; When it is checked; Then it is accepted only in its own script
        Assert.Equal(accepted, LanguageScript.Mismatch(text, language) is null);
    }
}
