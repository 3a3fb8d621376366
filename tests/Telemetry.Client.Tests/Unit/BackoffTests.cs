using Telemetry.Client.Sending;

namespace Telemetry.Client.Tests.Unit;

public sealed class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 2, 4)]
    [InlineData(6, 16, 32)]
    [InlineData(7, 30, 60)]
    [InlineData(40, 30, 60)]
    public void EachAttemptWaitsBetweenHalfAndAllOfADoublingStepCappedAtTheMaximum(int attempt, double shortestSeconds, double longestSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(shortestSeconds), Backoff.Delay(attempt, Initial, Max, null, 0));
        var longest = TimeSpan.FromSeconds(longestSeconds);
        Assert.InRange(Backoff.Delay(attempt, Initial, Max, null, 0.999999999), longest - TimeSpan.FromMilliseconds(1), longest);
    }

    [Fact]
    public void JitterSpreadsTheWaitsOfOneAttempt()
    {
        Assert.True(Backoff.Delay(3, Initial, Max, null, 0.1) < Backoff.Delay(3, Initial, Max, null, 0.9));
    }

    [Fact]
    public void RetryAfterIsHonouredWhenItAsksForMoreThanTheBackoff()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), Backoff.Delay(1, Initial, Max, TimeSpan.FromSeconds(7), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(120), Backoff.Delay(1, Initial, Max, TimeSpan.FromSeconds(120), 0.5));
    }

    [Fact]
    public void TheBackoffWinsWhenRetryAfterAsksForLess()
    {
        Assert.Equal(TimeSpan.FromSeconds(16), Backoff.Delay(6, Initial, Max, TimeSpan.FromSeconds(1), 0));
    }

    [Fact]
    public void AnAbsurdRetryAfterIsBounded()
    {
        Assert.Equal(Backoff.MaxRetryAfter, Backoff.Delay(1, Initial, Max, TimeSpan.FromDays(3), 0));
    }
}
