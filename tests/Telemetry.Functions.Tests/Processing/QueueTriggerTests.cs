using System.Net;
using System.Text.Json;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Processing;

/// <summary>POST /Process{Category} exactly as the Functions host calls it.</summary>
public sealed class QueueTriggerTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly TelemetryApp app = fixture.App;

    [Fact]
    public void HostPayloadCarriesTheMessageDoubleEncoded()
    {
        var invocation = JsonDocument.Parse(HostPayloads.Invocation("{\"a\":1}")).RootElement;
        var message = invocation.GetProperty("Data").GetProperty("message").GetString();

        Assert.Equal("\"{\\\"a\\\":1}\"", message);
        Assert.Equal("1", invocation.GetProperty("Metadata").GetProperty("DequeueCount").GetString());
    }

    [Fact]
    public async Task HostInvocationStoresTheRecordsAndAnswersWithTheHostsJson()
    {
        var tenant = await app.Tenants.CreateAsync();
        var record = Records.Error();
        var message = Assert.Single(HostPayloads.Messages(TelemetryCategory.Errors, tenant.TenantId, "client", null, record));

        var response = await app.Client.PostAsync("/ProcessErrors", HostPayloads.Content(HostPayloads.Invocation(message)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync();
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.GetProperty("Logs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("ReturnValue").ValueKind);
        var row = await app.FindRowAsync(TelemetryCategory.Errors, tenant.TenantId, record);
        Assert.NotNull(row);
        Assert.Equal("0x80004005", row["ErrorCode"]);
    }

    [Fact]
    public async Task RedeliveredMessageStoresNothingTwice()
    {
        var tenant = await app.Tenants.CreateAsync();
        var records = Enumerable.Range(0, 150).Select(_ => Records.Usage()).ToArray();
        var message = Assert.Single(HostPayloads.Messages(TelemetryCategory.Usage, tenant.TenantId, "client", null, records));

        var first = await app.Client.PostAsync("/ProcessUsage", HostPayloads.Content(HostPayloads.Invocation(message, dequeueCount: 1)));
        var firstRows = await app.RowsWithIdsAsync("Usage", records.Select(r => (Guid)r["id"]!));
        var second = await app.Client.PostAsync("/ProcessUsage", HostPayloads.Content(HostPayloads.Invocation(message, dequeueCount: 2)));
        var secondRows = await app.RowsWithIdsAsync("Usage", records.Select(r => (Guid)r["id"]!));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(150, firstRows.Count);
        Assert.Equal(150, secondRows.Count);
        Assert.Equal(150, secondRows.Select(r => r.RowKey).Distinct().Count());
        foreach (var row in secondRows)
        {
            var before = firstRows.Single(r => r.RowKey == row.RowKey);
            Assert.Equal(before.PartitionKey, row.PartitionKey);
            Assert.Equal(Stored(before), Stored(row));
        }
    }

    // What the service wrote, without what the table service stamps on every write (Timestamp and its ETag).
    private static IEnumerable<KeyValuePair<string, object>> Stored(Azure.Data.Tables.TableEntity row) =>
        row.Where(p => p.Key is not ("Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal);

    [Fact]
    public async Task MalformedMessageFailsTheInvocationSoTheHostRetriesAndPoisonsIt()
    {
        var response = await app.Client.PostAsync("/ProcessCensus", HostPayloads.Content(HostPayloads.Invocation("{\"v\":1,\"category\":\"census\",\"records\":\"nope\"}")));

        Assert.False(response.IsSuccessStatusCode);
        await response.AssertProblemAsync(422, "malformed_message");
    }

    [Fact]
    public async Task MessageFromAnotherCategorysQueueFailsTheInvocation()
    {
        var tenant = await app.Tenants.CreateAsync();
        var message = Assert.Single(HostPayloads.Messages(TelemetryCategory.Usage, tenant.TenantId, "client", null, Records.Usage()));

        var response = await app.Client.PostAsync("/ProcessErrors", HostPayloads.Content(HostPayloads.Invocation(message)));

        await response.AssertProblemAsync(422, "malformed_message");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"Data\":{}}")]
    [InlineData("not json")]
    [InlineData("{\"Data\":{\"message\":42}}")]
    public async Task RequestThatIsNotAHostInvocationIsA400(string body)
    {
        var response = await app.Client.PostAsync("/ProcessUsage", HostPayloads.Content(body));
        await response.AssertProblemAsync(400, "invalid_invocation");
    }
}
