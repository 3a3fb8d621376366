using System.Collections.Concurrent;
using System.Diagnostics;
using Telemetry.Storage.Tests.Support;

namespace Telemetry.Storage.Tests.Pipeline;

public sealed class DiagnosticsTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public DiagnosticsTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Telemetry.Storage",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task EveryOperationRecordsOneClientActivityNamedAfterIt()
    {
        var table = Offline.Account(new RecordingTransport().Answer(204, ("ETag", "W/\"1\""))).GetTableClient("traced");

        await table.UpsertEntityAsync(new TableEntity("p", "traced-upsert"));

        var activity = Assert.Single(_stopped, a => a.Parent is null && a.OperationName == "TableClient.UpsertEntity"
                                                    && a.GetTagItem("http.response.status_code") is 204);
        Assert.Equal(ActivityKind.Client, activity.Kind);
        Assert.Equal("Microsoft.Storage", activity.GetTagItem("az.namespace"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
    }

    [Fact]
    public async Task RefusedOperationMarksItsActivityWithTheErrorCodeOnly()
    {
        var transport = new RecordingTransport().Answer(404, ("x-ms-error-code", "QueueNotFound"));
        var queue = Offline.Account(transport).GetQueueClient("traced-missing");

        await Assert.ThrowsAsync<StorageRequestException>(() => queue.DeleteMessageAsync("m1", "receipt"));

        var activity = Assert.Single(_stopped, a => a.OperationName == "QueueClient.DeleteMessage" && a.GetTagItem("error.type") is "QueueNotFound");
        Assert.Equal(ActivityStatusCode.Error, activity.Status);
        Assert.DoesNotContain(activity.Tags, t => t.Value?.Contains("receipt", StringComparison.Ordinal) == true);
    }

    public void Dispose() => _listener.Dispose();
}
