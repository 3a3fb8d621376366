using System.Diagnostics;
using Azure.Storage.Queues;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Queues;

public sealed class PollingTests
{
    [Fact]
    public async Task NoMoreThanBatchSizePlusNewBatchThresholdMessagesRunAtOnce()
    {
        const int messages = 6;
        await using var app = await SampleHost.StartAsync(
            settings: s =>
            {
                s["AzureFunctionsJobHost__extensions__queues__batchSize"] = "2";
                s["AzureFunctionsJobHost__extensions__queues__newBatchThreshold"] = "0";
            },
            beforeStart: async (azurite, queues) =>
            {
                // All there before the first poll, so that a batch could take them all.
                var queue = new QueueClient(azurite.ConnectionString, queues.Record, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
                await queue.CreateIfNotExistsAsync();
                for (var i = 0; i < messages; i++)
                {
                    await queue.SendMessageAsync("sleep:1000");
                }
            });

        var seen = await app.WaitForSeenAsync(s => s.Count == messages, "every message");

        Assert.Equal(2, seen.Max(s => s.Running));
    }

    [Fact]
    public async Task AfterALongIdlePeriodAMessageIsPickedUpWithinMaxPollingInterval()
    {
        var maxPollingInterval = TimeSpan.FromSeconds(2);
        await using var app = await SampleHost.StartAsync(settings: s =>
            s["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:02");
        await app.Queue(app.Queues.Record).CreateIfNotExistsAsync();

        // The idle period itself: long enough for the back-off to grow past the maximum many times over.
        await Task.Delay(TimeSpan.FromSeconds(8));
        var clock = Stopwatch.StartNew();
        await app.SendAsync(app.Queues.Record, "after idling");
        await app.WaitForSeenAsync(s => s.Count > 0, "the message after the idle period");

        // Generous: the default maximum of one minute would miss it by far.
        Assert.True(clock.Elapsed < maxPollingInterval + TimeSpan.FromSeconds(6), $"picked up after {clock.Elapsed}");
    }

    [Fact]
    public async Task TheBackOffStartsOverWhenMessagesArrive()
    {
        // The default maximum of one minute, and an idle period that lets the back-off grow well past ten seconds.
        await using var app = await SampleHost.StartAsync();
        await app.Queue(app.Queues.Record).CreateIfNotExistsAsync();
        await Task.Delay(TimeSpan.FromSeconds(25));
        await app.SendAsync(app.Queues.Record, "first");
        await app.WaitForSeenAsync(s => s.Count == 1, "the first message", TimeSpan.FromSeconds(120));

        var clock = Stopwatch.StartNew();
        await app.SendAsync(app.Queues.Record, "second");
        await app.WaitForSeenAsync(s => s.Count == 2, "the second message", TimeSpan.FromSeconds(120));

        // Right after messages the polls are 100 ms apart again; the grown back-off would take ten seconds or more.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"picked up after {clock.Elapsed}");
    }
}
