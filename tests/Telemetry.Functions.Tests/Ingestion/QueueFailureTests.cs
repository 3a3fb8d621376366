using System.Net;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Ingestion;

/// <summary>A queue write that fails at the moment of the request is a 503 that keeps nothing, so the client retries everything.</summary>
public sealed class QueueFailureTests
{
    [Fact]
    public async Task QueueWriteFailureIsA503WithRetryAfterAndNothingQueued()
    {
        var (app, queue, transport) = await StartWithUsageQueueAsync();
        await using var _ = app;
        var tenant = await app.Tenants.CreateAsync();
        transport.FailWhen(IsSend);

        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope(Records.Usage()));

        await response.AssertProblemAsync(503, "queue_unavailable");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task OneFailedMessageOfSeveralStillAnswers503SoTheClientRetriesEverything()
    {
        var (app, queue, transport) = await StartWithUsageQueueAsync();
        await using var _ = app;
        var tenant = await app.Tenants.CreateAsync();
        var sends = 0;
        transport.FailWhen(request => IsSend(request) && Interlocked.Increment(ref sends) > 1);
        var records = Enumerable.Range(0, 400).Select(_ =>
        {
            var record = Records.Usage();
            record["features"] = Enumerable.Range(0, 8).ToDictionary(f => $"feature.number.{f}", f => f);
            return (object)record;
        }).ToArray();

        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope(records));

        await response.AssertProblemAsync(503, "queue_unavailable");
        Assert.True(sends >= 2, "the batch was split over several messages");
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    private static bool IsSend(StorageRequest request) => request.Method == "POST" && request.Path.EndsWith("/messages", StringComparison.Ordinal);

    /// <summary>An app whose usage queue is one of its own, reached through a transport the test can break; the queue as seen by hand.</summary>
    private static async Task<(TelemetryApp App, QueueClient Queue, StorageTransport Transport)> StartWithUsageQueueAsync()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var transport = new StorageTransport();
        var queue = await new TestStorage(azurite.ConnectionString).NewQueueAsync("usage");
        var faulty = new TestStorage(azurite.ConnectionString, transport).GetQueueClient(queue.Name);
        var app = await TelemetryApp.StartAsync(
            settings => settings["Telemetry__QueueWorkers__Enabled"] = "false",
            services => services.AddSingleton(sp => new TelemetryQueues(name =>
                name == TelemetryCategories.UsageQueue ? faulty : sp.GetRequiredService<QueueServiceClient>().GetQueueClient(name))));
        return (app, queue, transport);
    }
}
