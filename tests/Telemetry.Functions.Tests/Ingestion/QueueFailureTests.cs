using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Telemetry.Functions.Queues;
using Telemetry.Functions.Tests.Support;
using Telemetry.Core;
using Telemetry.Storage;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Ingestion;

/// <summary>A queue write that fails at the moment of the request: the one place where a fake queue is needed.</summary>
public sealed class QueueFailureTests
{
    [Fact]
    public async Task QueueWriteFailureIsA503WithRetryAfterAndNothingQueued()
    {
        var usageQueue = new Mock<IQueueClient>();
        usageQueue.SetupGet(q => q.Name).Returns("telemetry-usage");
        usageQueue
            .Setup(q => q.SendMessageAsync(It.IsAny<string>(), It.IsAny<TimeSpan?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StorageRequestException(500, "InternalError", "The queue service failed."));
        await using var app = await StartWithUsageQueue(usageQueue.Object);
        var tenant = await app.Tenants.CreateAsync();

        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope(Records.Usage()));

        await response.AssertProblemAsync(503, "queue_unavailable");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        usageQueue.Verify(q => q.SendMessageAsync(It.IsAny<string>(), It.IsAny<TimeSpan?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task OneFailedMessageOfSeveralStillAnswers503SoTheClientRetriesEverything()
    {
        var sent = new List<string>();
        var calls = 0;
        var usageQueue = new Mock<IQueueClient>();
        usageQueue.SetupGet(q => q.Name).Returns("telemetry-usage");
        usageQueue
            .Setup(q => q.SendMessageAsync(It.IsAny<string>(), It.IsAny<TimeSpan?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .Returns((string text, TimeSpan? _, TimeSpan? _, CancellationToken _) =>
            {
                if (Interlocked.Increment(ref calls) == 2)
                {
                    return Task.FromException<SendReceipt>(new StorageRequestException(503, "ServerBusy", "The queue service is busy."));
                }

                lock (sent)
                {
                    sent.Add(text);
                }

                var now = DateTimeOffset.UtcNow;
                return Task.FromResult(new SendReceipt(Guid.NewGuid().ToString(), "receipt", now, now.AddDays(7), now));
            });
        await using var app = await StartWithUsageQueue(usageQueue.Object);
        var tenant = await app.Tenants.CreateAsync();
        var records = Enumerable.Range(0, 400).Select(_ =>
        {
            var record = Records.Usage();
            record["features"] = Enumerable.Range(0, 8).ToDictionary(f => $"feature.number.{f}", f => f);
            return (object)record;
        }).ToArray();

        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope(records));

        await response.AssertProblemAsync(503, "queue_unavailable");
        Assert.True(calls >= 2, "the batch was split over several messages");
    }

    [Fact]
    public async Task WhenOneMessageOfASplitBatchFailsTheWrittenOnesAreRemovedBeforeAnyWorkerSeesThem()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var realQueue = StorageAccount.FromConnectionString(azurite.ConnectionString).GetQueueClient(TestNames.Queue("split"));
        await realQueue.CreateIfNotExistsAsync();
        var failingQueue = new SecondSendFails(realQueue);
        await using var app = await StartWithUsageQueue(failingQueue);
        var tenant = await app.Tenants.CreateAsync();

        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope(LargeUsageBatch()));

        await response.AssertProblemAsync(503, "queue_unavailable");
        Assert.True(failingQueue.Sends >= 2, "the batch was split over several messages, and at least one was written");
        Assert.Equal(0, await ((QueueClient)realQueue).GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task ASplitBatchIsVisibleToWorkersAsSoonAsEveryMessageIsWritten()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var realQueue = StorageAccount.FromConnectionString(azurite.ConnectionString).GetQueueClient(TestNames.Queue("split"));
        await realQueue.CreateIfNotExistsAsync();
        await using var app = await StartWithUsageQueue(realQueue);
        var tenant = await app.Tenants.CreateAsync();

        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope(LargeUsageBatch()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var visible = await realQueue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30));
        Assert.True(visible.Count > 1, "every message of the split batch is visible at once");
        Assert.Equal(400, visible.Sum(message => TelemetryMessage.Parse(message.MessageText).Records.Count));
    }

    private static object[] LargeUsageBatch() => Enumerable.Range(0, 400).Select(_ =>
    {
        var record = Records.Usage();
        record["features"] = Enumerable.Range(0, 8).ToDictionary(f => $"feature.number.{f}", f => f);
        return (object)record;
    }).ToArray();

    /// <summary>A real queue whose second put fails, as a storage fault at that exact moment would.</summary>
    private sealed class SecondSendFails(IQueueClient inner) : IQueueClient
    {
        private int sends;

        public int Sends => sends;

        public string Name => inner.Name;

        public Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default) => inner.CreateIfNotExistsAsync(cancellationToken);

        public Task<SendReceipt> SendMessageAsync(string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref sends) == 2
                ? Task.FromException<SendReceipt>(new StorageRequestException(503, "ServerBusy", "The queue service is busy."))
                : inner.SendMessageAsync(messageText, visibilityTimeout, timeToLive, cancellationToken);

        public Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
            inner.ReceiveMessagesAsync(maxMessages, visibilityTimeout, cancellationToken);

        public Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default) =>
            inner.UpdateMessageAsync(messageId, popReceipt, visibilityTimeout, cancellationToken);

        public Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default) =>
            inner.DeleteMessageAsync(messageId, popReceipt, cancellationToken);
    }

    private static Task<TelemetryApp> StartWithUsageQueue(IQueueClient usageQueue) =>
        TelemetryApp.StartAsync(
            settings => settings["Telemetry__QueueWorkers__Enabled"] = "false",
            services =>
            {
                services.AddSingleton(provider =>
                {
                    var account = provider.GetRequiredService<StorageAccount>();
                    return new TelemetryQueues(name => name == "telemetry-usage" ? usageQueue : account.GetQueueClient(name));
                });
            });
}
