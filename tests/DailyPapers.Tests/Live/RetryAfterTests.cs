using System.Net;
using System.Net.Http.Headers;
using DailyPapers.Collect.Http;

namespace DailyPapers.Tests.Live;

public sealed class RetryAfterTests
{
    private static HttpResponseMessage With(RetryConditionHeaderValue? value)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = value;
        return response;
    }

    [Fact]
    public void A_retry_after_in_seconds_is_used_up_to_the_cap()
    {
        using var shortWait = With(new RetryConditionHeaderValue(TimeSpan.FromSeconds(5)));
        using var longWait = With(new RetryConditionHeaderValue(TimeSpan.FromHours(1)));

        Assert.Equal(TimeSpan.FromSeconds(5), HttpRegistration.RetryAfter(shortWait, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(1), HttpRegistration.RetryAfter(longWait, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_retry_after_date_in_the_past_means_retry_now_and_none_means_back_off()
    {
        using var past = With(new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddMinutes(-5)));
        using var none = With(null);

        Assert.Equal(TimeSpan.Zero, HttpRegistration.RetryAfter(past, TimeSpan.FromMinutes(1)));
        Assert.Null(HttpRegistration.RetryAfter(none, TimeSpan.FromMinutes(1)));
    }
}

public sealed class HttpFailureTests
{
    [Fact]
    public void A_connect_timeout_counts_as_unreachable_but_a_slow_reply_does_not()
    {
        var connectTimeout = new TaskCanceledException("canceled", new TimeoutException("A connection could not be established within the configured ConnectTimeout."));
        var slowReply = new Polly.Timeout.TimeoutRejectedException("attempt timed out", TimeSpan.FromSeconds(30));

        Assert.True(HttpFailure.IsUnreachable(connectTimeout));
        Assert.Equal("could not connect in time (no network?)", HttpFailure.Describe(connectTimeout));
        Assert.False(HttpFailure.IsUnreachable(slowReply));
        Assert.Equal("timed out after 30 s", HttpFailure.Describe(slowReply));
    }
}
