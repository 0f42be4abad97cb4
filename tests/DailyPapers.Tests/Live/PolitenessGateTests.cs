using DailyPapers.Collect.Http;
using Microsoft.Extensions.Time.Testing;

namespace DailyPapers.Tests.Live;

public sealed class PolitenessGateTests
{
    [Fact]
    public async Task The_next_request_waits_the_delay_from_the_end_of_a_slow_one_not_from_its_start()
    {
        // Given a 3 s politeness gate and a first request that takes 5 s (a cold connection)
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 8, 15, 0, 0, 0, TimeSpan.Zero));
        var gate = new PolitenessGate(() => TimeSpan.FromSeconds(3), time);
        await gate.WaitTurnAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        gate.Finished();

        // When the next request asks for its turn
        var (earlyDone, next) = await NextTurnAsync(gate, time);

        // Then it was held for the full delay after the first one ended (measured from its start it would have gone at once)
        Assert.False(earlyDone);
        Assert.True(next.IsCompletedSuccessfully);
        Assert.Equal(2, gate.Requests);
    }

    [Fact]
    public async Task Quick_requests_are_spaced_from_their_starts()
    {
        // Given a 3 s gate and a first request that ends at once
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 8, 15, 0, 0, 0, TimeSpan.Zero));
        var gate = new PolitenessGate(() => TimeSpan.FromSeconds(3), time);
        await gate.WaitTurnAsync(CancellationToken.None);
        gate.Finished();

        // When the next asks at once
        var (earlyDone, next) = await NextTurnAsync(gate, time);

        // Then it waited the 3 s
        Assert.False(earlyDone);
        Assert.True(next.IsCompletedSuccessfully);
    }

    // Asks for a turn, moves the clock 2.9 s (is it through yet?), then past 3 s, and waits for the turn.
    private static async Task<(bool EarlyDone, Task Next)> NextTurnAsync(PolitenessGate gate, FakeTimeProvider time)
    {
        var next = gate.WaitTurnAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2.9));
        var earlyDone = next.IsCompleted;
        time.Advance(TimeSpan.FromSeconds(0.2));
        await next.WaitAsync(TimeSpan.FromSeconds(10));
        return (earlyDone, next);
    }
}
