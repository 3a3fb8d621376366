using System.Diagnostics.Metrics;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Telemetry.Core;
using Telemetry.Services.Diagnostics;
using Telemetry.Services.Ingestion;
using Telemetry.Services.Tests.Support;

namespace Telemetry.Services.Tests.Ingestion;

/// <summary>The storage side of ingestion: the tenant's policy, the decision, the queue, and the counts.</summary>
public sealed class IngestionServiceTests : IAsyncLifetime
{
    private TestServices _services = null!;

    private IngestionService Ingestion => _services.Get<IngestionService>();

    public async Task InitializeAsync() => _services = await TestServices.StartAsync();

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task AcceptedRecordsAreQueuedAndSuppressedOrRejectedOnesAreNot()
    {
        var accepted = Batches.Error();
        var suppressed = Batches.Error();
        suppressed["userOptIn"] = false;
        var rejected = Batches.Error();
        rejected["email"] = "someone@contoso.example";

        var result = await Ingestion.IngestAsync(TelemetryCategory.Errors, "contoso", Batches.Envelope(TelemetryCategory.Errors, accepted, suppressed, rejected));

        Assert.Equal(IngestionStatus.Accepted, result.Status);
        Assert.Equal((1, 1, "UserOptIn"), (result.Decision.Accepted.Count, result.Decision.Suppressed, result.Decision.SuppressedReason));
        Assert.Equal(2, Assert.Single(result.Decision.Errors).Index);
        var queued = Assert.Single(await ReceiveAsync(TelemetryCategory.Errors));
        var record = Assert.Single(TelemetryMessage.Parse(queued.MessageText).Records);
        Assert.Equal(accepted["id"], record.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task ATenantThatTurnedSendingOffGetsItsUsageSuppressedAndNothingQueued()
    {
        await _services.EditByHandAsync("tenant", "fabrikam", "DisableAutomaticSendTracing", true);

        var result = await Ingestion.IngestAsync(TelemetryCategory.Usage, "fabrikam", Batches.Envelope(TelemetryCategory.Usage, Batches.Usage()));

        Assert.Equal(IngestionStatus.Accepted, result.Status);
        Assert.Equal((0, 1, "DisableAutomaticSendTracing"), (result.Decision.Accepted.Count, result.Decision.Suppressed, result.Decision.SuppressedReason));
        Assert.Empty(await ReceiveAsync(TelemetryCategory.Usage));
    }

    [Fact]
    public async Task ARequestWithoutAValidRecordQueuesNothing()
    {
        var invalid = Batches.Usage();
        invalid["shoeSize"] = 44;

        var result = await Ingestion.IngestAsync(TelemetryCategory.Usage, "contoso", Batches.Envelope(TelemetryCategory.Usage, invalid));

        Assert.Equal(IngestionStatus.NothingValid, result.Status);
        Assert.Empty(await ReceiveAsync(TelemetryCategory.Usage));
    }

    [Fact]
    public async Task AQueueThatCannotBeWrittenIsQueueUnavailableAndNothingIsCountedAsAccepted()
    {
        using var accepted = Collect("telemetry.records.accepted");
        _services.Transport.FailWhen(request => request.Method == "POST" && request.Path.EndsWith("/messages", StringComparison.Ordinal));

        var result = await Ingestion.IngestAsync(TelemetryCategory.Usage, "contoso", Batches.Envelope(TelemetryCategory.Usage, Batches.Usage()));

        Assert.Equal(IngestionStatus.QueueUnavailable, result.Status);
        Assert.Empty(accepted.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task RecordsAreCountedByCategoryAndOutcomeAndNeverByTenant()
    {
        using var received = Collect("telemetry.records.received");
        using var accepted = Collect("telemetry.records.accepted");
        using var suppressed = Collect("telemetry.records.suppressed");
        using var rejected = Collect("telemetry.records.rejected");
        var optedOut = Batches.Error();
        optedOut["userOptIn"] = false;
        var unknownField = Batches.Error();
        unknownField["email"] = "someone@contoso.example";

        await Ingestion.IngestAsync(TelemetryCategory.Errors, "contoso", Batches.Envelope(TelemetryCategory.Errors, Batches.Error(), optedOut, unknownField));

        Assert.Equal(3, Sum(received));
        Assert.Equal(1, Sum(accepted));
        Assert.Equal(("errors", "UserOptIn"), Single(suppressed));
        Assert.Equal(("errors", "unknown_field"), Single(rejected));
        foreach (var collector in new[] { received, accepted, suppressed, rejected })
        {
            Assert.All(collector.GetMeasurementSnapshot(), m =>
            {
                Assert.Subset(new HashSet<string> { "category", "reason" }, m.Tags.Keys.ToHashSet());
                Assert.DoesNotContain("contoso", m.Tags.Values);
            });
        }
    }

    private MetricCollector<long> Collect(string instrument) => new(_services.Get<IMeterFactory>(), TelemetryMetrics.MeterName, instrument);

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    private static (object? Category, object? Reason) Single(MetricCollector<long> collector)
    {
        var measurement = Assert.Single(collector.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        return (measurement.Tags["category"], measurement.Tags["reason"]);
    }

    private async Task<QueueMessage[]> ReceiveAsync(TelemetryCategory category) =>
        (await _services.Storage.GetQueueClient(_services.Queues.For(category).Name).ReceiveMessagesAsync(32)).Value;
}
