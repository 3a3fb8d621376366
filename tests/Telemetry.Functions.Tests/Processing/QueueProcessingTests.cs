using Telemetry.Core;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Processing;

/// <summary>
/// The queue functions as the host triggers them: a message on a category queue becomes pseudonymized rows, a
/// message delivered twice stores nothing twice, and a message that cannot be stored ends, intact, in the poison
/// queue once host.json's deliveries are used up. Each test has a storage of its own, so its app's worker is the
/// only one that drains the queues.
/// </summary>
public sealed class QueueProcessingTests : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;
    private TelemetryApp _app = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartNewAsync();
        _app = await TelemetryApp.StartAsync(azurite: _azurite);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _app.DisposeAsync();
        }
        finally
        {
            await _azurite.DisposeAsync();
        }
    }

    [Fact]
    public async Task AnErrorReportMessageBecomesARowWithHashesInsteadOfTheClearIdentifiers()
    {
        var tenant = await _app.Tenants.CreateAsync();
        var record = Records.Error();
        var message = Assert.Single(QueueMessages.Messages(TelemetryCategory.Errors, tenant.TenantId, "client", null, record));

        await _app.Storage.GetQueueClient(TelemetryCategories.ErrorsQueue).SendMessageAsync(message);
        var row = await _app.WaitForRowAsync(TelemetryCategory.Errors, tenant.TenantId, record);

        Assert.Equal("0x80004005", row["ErrorCode"]);
        Assert.Matches("^[0-9a-f]{64}$", (string)row["UserIdHash"]);
        Assert.Equal("v1", row["HashKeyVersion"]);
        Assert.DoesNotContain(row.Select(property => property.Value), value => value is string text && (text.Contains(Records.ClearUserId, StringComparison.OrdinalIgnoreCase)
            || text.Contains(Records.ClearSipUri, StringComparison.OrdinalIgnoreCase) || text == Records.ClearIpAddress));
        await Eventually.TrueAsync(async () => await _app.MessageCountAsync(TelemetryCategories.ErrorsQueue) == 0);
    }

    [Fact]
    public async Task AMessageDeliveredTwiceStoresNothingTwice()
    {
        var tenant = await _app.Tenants.CreateAsync();
        var records = Enumerable.Range(0, 150).Select(_ => Records.Usage()).ToArray();
        var message = Assert.Single(QueueMessages.Messages(TelemetryCategory.Usage, tenant.TenantId, "client", null, records));
        var queue = _app.Storage.GetQueueClient(TelemetryCategories.UsageQueue);
        var ids = records.Select(r => (Guid)r["id"]!).ToList();

        await queue.SendMessageAsync(message);
        await Eventually.TrueAsync(async () => (await _app.RowsWithIdsAsync("Usage", ids)).Count == 150);
        var firstRows = await _app.RowsWithIdsAsync("Usage", ids);
        await queue.SendMessageAsync(message);
        await Eventually.TrueAsync(async () => await _app.MessageCountAsync(TelemetryCategories.UsageQueue) == 0);
        var secondRows = await _app.RowsWithIdsAsync("Usage", ids);

        Assert.Equal(150, secondRows.Count);
        Assert.Equal(150, secondRows.Select(r => r.RowKey).Distinct().Count());
        foreach (var row in secondRows)
        {
            var before = firstRows.Single(r => r.RowKey == row.RowKey);
            Assert.Equal(before.PartitionKey, row.PartitionKey);
            Assert.Equal(Stored(before), Stored(row));
        }
    }

    [Theory]
    [InlineData("{\"v\":1,\"category\":\"census\",\"records\":\"nope\"}")]
    [InlineData("not json at all")]
    public async Task AMalformedMessageEndsIntactInThePoisonQueue(string message)
    {
        await _app.Storage.GetQueueClient(TelemetryCategories.CensusQueue).SendMessageAsync(message);

        await _app.WaitForPoisonAsync(StorageNames.PoisonQueue(TelemetryCategory.Census), message);
        Assert.Equal(0, await _app.MessageCountAsync(TelemetryCategories.CensusQueue));
    }

    [Fact]
    public async Task AMessageOnAnotherCategorysQueueIsNotStoredAndEndsInThePoisonQueue()
    {
        var tenant = await _app.Tenants.CreateAsync();
        var record = Records.Usage();
        var message = Assert.Single(QueueMessages.Messages(TelemetryCategory.Usage, tenant.TenantId, "client", null, record));

        await _app.Storage.GetQueueClient(TelemetryCategories.ErrorsQueue).SendMessageAsync(message);

        await _app.WaitForPoisonAsync(StorageNames.PoisonQueue(TelemetryCategory.Errors), message);
        Assert.Null(await _app.FindRowAsync(TelemetryCategory.Usage, tenant.TenantId, record));
    }

    // What the service wrote, without what the table service stamps on every write (Timestamp and its ETag).
    private static IEnumerable<KeyValuePair<string, object>> Stored(Azure.Data.Tables.TableEntity row) =>
        row.Where(p => p.Key is not ("Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal);
}
