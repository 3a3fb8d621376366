using Azure.Storage.Queues;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Ingestion;

/// <summary>
/// A queue write that fails at the moment of the request is a 503 that keeps nothing, so the client retries
/// everything. The worker's queue endpoint goes through a proxy that drops the chosen writes.
/// </summary>
public sealed class QueueFailureTests : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;
    private StorageProxy _queues = null!;
    private TelemetryApp _app = null!;

    public async Task InitializeAsync()
    {
        // A storage of its own: no other app may drain or fill these queues meanwhile.
        _azurite = await AzuriteServer.StartNewAsync();
        _queues = await StorageProxy.StartAsync(_azurite.QueueEndpoint);
        _app = await TelemetryApp.StartAsync(
            settings =>
            {
                settings["AzureWebJobsStorage"] = _azurite.ConnectionString.Replace(_azurite.QueueEndpoint.ToString(), _queues.Endpoint.ToString(), StringComparison.Ordinal);
                settings["AzureWebJobs.ProcessUsage.Disabled"] = "true";
            },
            _azurite);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _app.DisposeAsync();
            await _queues.DisposeAsync();
        }
        finally
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task QueueWriteFailureIsA503WithRetryAfterAndNothingQueued()
    {
        var tenant = await _app.Tenants.CreateAsync();
        _queues.FailWhen(IsSend);

        var response = await _app.IngestAsync("usage", tenant.Key, Records.Envelope(Records.Usage()));

        await response.AssertProblemAsync(503, "queue_unavailable");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Contains(_queues.Requests, IsSend);
        Assert.Equal(0, await VisibleOrHiddenMessagesAsync());
    }

    [Fact]
    public async Task OneFailedMessageOfSeveralStillAnswers503SoTheClientRetriesEverything()
    {
        var tenant = await _app.Tenants.CreateAsync();
        var sends = 0;
        _queues.FailWhen(request => IsSend(request) && Interlocked.Increment(ref sends) > 1);
        var records = Enumerable.Range(0, 400).Select(_ =>
        {
            var record = Records.Usage();
            record["features"] = Enumerable.Range(0, 8).ToDictionary(f => $"feature.number.{f}", f => f);
            return (object)record;
        }).ToArray();

        var response = await _app.IngestAsync("usage", tenant.Key, Records.Envelope(records));

        await response.AssertProblemAsync(503, "queue_unavailable");
        Assert.True(sends >= 2, "the batch was split over several messages");
        Assert.Equal(0, await VisibleOrHiddenMessagesAsync());
    }

    private static bool IsSend(StorageRequest request) =>
        request.Method == "POST" && request.Path == $"/{TelemetryCategories.UsageQueue}/messages";

    /// <summary>The usage queue's message count, hidden messages included, read past the proxy.</summary>
    private async Task<int> VisibleOrHiddenMessagesAsync()
    {
        QueueClient queue = new TestStorage(_azurite.ConnectionString).GetQueueClient(TelemetryCategories.UsageQueue);
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }
}
