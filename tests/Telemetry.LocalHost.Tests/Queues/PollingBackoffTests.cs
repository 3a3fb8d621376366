using Telemetry.LocalHost.Queues;

namespace Telemetry.LocalHost.Tests.Queues;

public sealed class PollingBackoffTests
{
    [Fact]
    public void TheWaitGrowsWhileTheQueueIsEmptyUpToTheMaximum()
    {
        var maximum = TimeSpan.FromSeconds(5);
        var backoff = new PollingBackoff(maximum);

        var waits = Enumerable.Range(0, 20).Select(_ => backoff.Next(foundMessages: false)).ToArray();

        Assert.All(waits.Zip(waits.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.All(waits, wait => Assert.True(wait <= maximum));
        Assert.Equal(maximum, waits[^1]);
        Assert.True(waits[0] < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void MessagesBringTheWaitBackToTheMinimum()
    {
        var backoff = new PollingBackoff(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 20; i++)
        {
            backoff.Next(foundMessages: false);
        }

        Assert.Equal(PollingBackoff.Minimum, backoff.Next(foundMessages: true));
        Assert.True(backoff.Next(foundMessages: false) < TimeSpan.FromSeconds(1));
    }
}
