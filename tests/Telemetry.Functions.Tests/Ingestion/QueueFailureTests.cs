using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using Telemetry.Functions.Queues;
using Telemetry.Functions.Tests.Support;
using Telemetry.Storage;

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
