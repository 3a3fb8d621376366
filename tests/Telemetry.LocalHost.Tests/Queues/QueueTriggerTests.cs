using Azure.Storage.Queues;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Queues;

public sealed class QueueTriggerTests
{
    [Fact]
    public async Task AMessageIsHandedToTheFunctionWithTheTriggerMetadataAndDeletedOnSuccess()
    {
        await using var app = await SampleHost.StartAsync();

        var receipt = await app.SendAsync(app.Queues.Record, "hello queue");
        var seen = Assert.Single(await app.WaitForSeenAsync(s => s.Count > 0, "the recorded message"));

        Assert.Equal("Record", seen.Function);
        Assert.Equal("hello queue", seen.Text);
        Assert.Equal("hello queue", seen.QueueTrigger);
        Assert.Equal(receipt.MessageId, seen.Id);
        Assert.Equal(1, seen.DequeueCount);
        Assert.Equal(receipt.InsertionTime, seen.InsertionTime);
        Assert.Equal(receipt.ExpirationTime, seen.ExpirationTime);
        Assert.False(string.IsNullOrEmpty(seen.PopReceipt));
        // Hidden for the host's ten-minute lease while the function runs.
        Assert.True(seen.NextVisibleTime > seen.At.AddMinutes(9), $"NextVisibleTime {seen.NextVisibleTime} for a delivery at {seen.At}");
        await QueueIsEmptyAsync(app.Queue(app.Queues.Record));
    }

    [Fact]
    public async Task SdkTypeParametersBindFromTheMessage()
    {
        await using var app = await SampleHost.StartAsync();

        var receipt = await app.SendAsync(app.Queues.RecordMessage, "as QueueMessage");
        await app.SendAsync(app.Queues.RecordBinary, "as BinaryData");
        var seen = await app.WaitForSeenAsync(s => s.Count == 2, "both recorded messages");

        var message = seen.Single(s => s.Function == "RecordMessage");
        Assert.Equal("as QueueMessage", message.Text);
        Assert.Equal(receipt.MessageId, message.Id);
        Assert.Equal(1, message.DequeueCount);
        Assert.Equal("as BinaryData", seen.Single(s => s.Function == "RecordBinary").Text);
    }

    [Fact]
    public async Task AQueueThatDoesNotExistYetIsPolledUntilItDoes()
    {
        await using var app = await SampleHost.StartAsync();
        var queue = app.Queue(app.Queues.Record);
        Assert.False(await queue.ExistsAsync());

        await app.SendAsync(app.Queues.Record, "late queue");
        await app.WaitForSeenAsync(s => s.Any(m => m.Text == "late queue"), "the message of a queue created after the start");

        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Message.StartsWith("Polling queue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageStaysHiddenWhileALongRunningFunctionHoldsItsRenewedLease()
    {
        // A two-second lease, renewed every second, against a function that takes five.
        await using var app = await SampleHost.StartAsync(options: o => WithLease(o, TimeSpan.FromSeconds(2)));

        await app.SendAsync(app.Queues.Record, "sleep:5000");
        await QueueIsEmptyAsync(app.Queue(app.Queues.Record));
        var seen = await app.WaitForSeenAsync(s => s.Count > 0, "the slow message");

        // Without renewal the message would have come back after two seconds and run a second time.
        var only = Assert.Single(seen);
        Assert.Equal(1, only.DequeueCount);
    }

    [Fact]
    public async Task AMessageInFlightWhenTheHostStopsComesBackWhenItsLeaseEnds()
    {
        var app = await SampleHost.StartAsync(options: o => WithLease(o, TimeSpan.FromSeconds(3), shutdown: TimeSpan.FromSeconds(1)));
        var queue = app.Queue(app.Queues.Record);
        await app.SendAsync(app.Queues.Record, "sleep:30000");
        await Eventually.TrueAsync(
            () => app.Logs.GetSnapshot().Any(r => r.Message.StartsWith("Sent InvocationRequest", StringComparison.Ordinal)),
            "the slow message's invocation",
            context: app.LogTail);

        await app.DisposeAsync();

        // Neither deleted nor released early: it reappears once, with its dequeue count, when the lease runs out.
        var back = await Eventually.ValueAsync(
            async () => (await queue.PeekMessagesAsync()).Value.FirstOrDefault(),
            "the message to come back");
        Assert.Equal("sleep:30000", back.Body.ToString());
        Assert.Equal(1, back.DequeueCount);
    }

    private static LocalHostOptions WithLease(LocalHostOptions options, TimeSpan lease, TimeSpan? shutdown = null) => new()
    {
        ScriptRoot = options.ScriptRoot,
        Port = 0,
        ReadLocalSettings = false,
        Settings = options.Settings,
        QueueMessageLease = lease,
        ShutdownTimeout = shutdown ?? options.ShutdownTimeout,
    };

    private static Task QueueIsEmptyAsync(QueueClient queue) => Eventually.TrueAsync(
        async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
        $"queue {queue.Name} to be empty");
}
