using System.Net;
using DailyPapers.Llm;

namespace DailyPapers.Tests.Llm;

public sealed class CallFailureTests
{
    [Fact]
    public void A_server_message_that_echoes_the_key_is_redacted_before_it_reaches_the_report()
    {
        // Given a proxy that answers 401 quoting the key it was sent
        var options = new LlmOptions { ApiKey = "test-key-0123456789abcdef" };
        var error = new HttpRequestException("Unauthorized: key test-key-0123456789abcdef is not valid", null, HttpStatusCode.Unauthorized);

        // When the failure is described for the run report
        var reason = CallFailure.Describe(error, options);

        // Then the status is named and the key is not there
        Assert.Contains("HTTP 401", reason, StringComparison.Ordinal);
        Assert.Contains("[redacted]", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", reason, StringComparison.Ordinal);
    }
}
