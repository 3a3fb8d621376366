using Azure.Storage.Queues;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Queues;

public sealed class RetryAndPoisonTests
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AFailingMessageIsRetriedAfterTheVisibilityTimeoutThenMovedToPoisonIntact()
    {
        await using var app = await SampleHost.StartAsync(settings: s =>
        {
            s["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "3";
            s["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:02";
        });
        const string text = """{"records":[1,2,3],"note":"intact"}""";

        var receipt = await app.SendAsync(app.Queues.Fail, text);
        var poison = app.Queue(app.Queues.Fail + "-poison");
        var moved = await Eventually.ValueAsync(
            async () => await poison.ExistsAsync() ? (await poison.PeekMessagesAsync()).Value.FirstOrDefault() : null,
            "the message in the poison queue",
            context: app.LogTail);

        Assert.Equal(text, moved.Body.ToString());
        var attempts = (await app.WaitForSeenAsync(s => s.Count >= 3, "three attempts")).OrderBy(s => s.DequeueCount).ToArray();
        Assert.Equal([1L, 2L, 3L], attempts.Select(a => a.DequeueCount));
        Assert.All(attempts, a => Assert.Equal(receipt.MessageId, a.Id));
        for (var i = 1; i < attempts.Length; i++)
        {
            // The next try waits for the visibility timeout (a lower bound only).
            Assert.True(attempts[i].At - attempts[i - 1].At >= VisibilityTimeout - TimeSpan.FromMilliseconds(500),
                $"attempt {i + 1} came {attempts[i].At - attempts[i - 1].At} after the previous one");
        }

        Assert.Equal(0, (await app.Queue(app.Queues.Fail).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.StartsWith(
            $"Message {receipt.MessageId} has reached MaxDequeueCount of 3. Moving message to queue '{poison.Name}'", StringComparison.Ordinal));
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.StartsWith("Executed 'Functions.Fail' (Failed", StringComparison.Ordinal) &&
                                                     r.Message.EndsWith("System.InvalidOperationException: Fail always throws.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageDequeuedMoreOftenThanAllowedGoesToPoisonUntried()
    {
        await using var app = await SampleHost.StartAsync(
            settings: s => s["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "2",
            beforeStart: async (azurite, queues) =>
            {
                // Three deliveries that were never completed: the dequeue count is 3 before the host sees it.
                var queue = new QueueClient(azurite.ConnectionString, queues.Fail, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
                await queue.CreateIfNotExistsAsync();
                await queue.SendMessageAsync("dequeued too often");
                for (var i = 0; i < 3; i++)
                {
                    var message = (await queue.ReceiveMessageAsync(TimeSpan.FromSeconds(30))).Value;
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
                }
            });

        var poison = app.Queue(app.Queues.Fail + "-poison");
        var moved = await Eventually.ValueAsync(
            async () => await poison.ExistsAsync() ? (await poison.PeekMessagesAsync()).Value.FirstOrDefault() : null,
            "the message in the poison queue",
            context: app.LogTail);

        Assert.Equal("dequeued too often", moved.Body.ToString());
        // The function writes its record before it throws: no record, no invocation.
        Assert.False(await app.Queue(app.Queues.Seen).ExistsAsync() && (await app.Queue(app.Queues.Seen).PeekMessagesAsync()).Value.Length > 0);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Message.StartsWith("Executed 'Functions.Fail'", StringComparison.Ordinal));
    }
}
