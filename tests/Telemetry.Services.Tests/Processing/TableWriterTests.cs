using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;
using Telemetry.Core;
using Telemetry.Services.Diagnostics;
using Telemetry.Services.Processing;
using Telemetry.Services.Tests.Support;

namespace Telemetry.Services.Tests.Processing;

/// <summary>A queue message becomes pseudonymized rows, upserted per partition in entity group transactions, idempotent by record id.</summary>
public sealed class TableWriterTests : IAsyncLifetime
{
    private TestServices _services = null!;

    private TableWriter Writer => _services.Get<TableWriter>();

    public async Task InitializeAsync() => _services = await TestServices.StartAsync();

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task AMessageIsStoredAsRowsWithHashedIdentifiersInOneTransactionPerPartition()
    {
        var records = Enumerable.Range(0, 150).Select(_ => Batches.Error(userId: "amos.marble")).ToArray();
        var message = Assert.Single(Batches.Messages(TelemetryCategory.Errors, "contoso", records));

        var stored = await Writer.WriteAsync(TelemetryCategory.Errors, message);

        var rows = await RowsAsync(TelemetryCategory.Errors);
        Assert.Equal(150, stored);
        Assert.Equal(150, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.StartsWith("contoso|", row.PartitionKey, StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{64}$", row.GetString("UserIdHash"));
            Assert.False(row.ContainsKey("UserId"));
            Assert.DoesNotContain(row, property => property.Value as string == "amos.marble");
        });
        var partitions = rows.Select(row => row.PartitionKey).Distinct().Count();
        Assert.Equal(partitions, _services.Transport.Requests.Count(request => request.Path == "/$batch"));
    }

    [Fact]
    public async Task ARedeliveredMessageStoresNothingTwice()
    {
        var records = Enumerable.Range(0, 150).Select(_ => Batches.Usage()).ToArray();
        var message = Assert.Single(Batches.Messages(TelemetryCategory.Usage, "contoso", records));

        await Writer.WriteAsync(TelemetryCategory.Usage, message);
        var first = await RowsAsync(TelemetryCategory.Usage);
        await Writer.WriteAsync(TelemetryCategory.Usage, message);
        var second = await RowsAsync(TelemetryCategory.Usage);

        Assert.Equal(150, second.Count);
        Assert.Equal(first.Select(row => (row.PartitionKey, row.RowKey)).Order(), second.Select(row => (row.PartitionKey, row.RowKey)).Order());
    }

    [Fact]
    public async Task AMessageOfAnotherCategoryIsRefusedAsMalformedAndStoresNothing()
    {
        var message = Assert.Single(Batches.Messages(TelemetryCategory.Usage, "contoso", Batches.Usage()));

        await Assert.ThrowsAsync<FormatException>(() => Writer.WriteAsync(TelemetryCategory.Errors, message));

        Assert.Empty(await RowsAsync(TelemetryCategory.Errors));
        Assert.DoesNotContain(_services.Transport.Requests, request => request.Path == "/$batch");
    }

    [Fact]
    public async Task AMessageWhoseTableWasDeletedIsStoredOnceTheTableExistsAgain()
    {
        await _services.Tables.For(TelemetryCategory.Usage).DeleteAsync();
        var message = Assert.Single(Batches.Messages(TelemetryCategory.Usage, "contoso", Batches.Usage(), Batches.Usage()));

        Assert.Equal(2, await Writer.WriteAsync(TelemetryCategory.Usage, message));

        Assert.Equal(2, (await RowsAsync(TelemetryCategory.Usage)).Count);
    }

    [Fact]
    public async Task StoredRowsAreCountedByCategoryAndNeverByTenant()
    {
        using var stored = new MetricCollector<long>(_services.Get<IMeterFactory>(), TelemetryMetrics.MeterName, "telemetry.records.stored");
        var message = Assert.Single(Batches.Messages(TelemetryCategory.Usage, "contoso", Batches.Usage(), Batches.Usage(), Batches.Usage()));

        await Writer.WriteAsync(TelemetryCategory.Usage, message);

        var measurement = Assert.Single(stored.GetMeasurementSnapshot());
        Assert.Equal(3, measurement.Value);
        Assert.Equal("usage", measurement.Tags["category"]);
        Assert.DoesNotContain("contoso", measurement.Tags.Values);
    }

    private async Task<List<TableEntity>> RowsAsync(TelemetryCategory category)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _services.Storage.GetTableClient(_services.Tables.For(category).Name).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
