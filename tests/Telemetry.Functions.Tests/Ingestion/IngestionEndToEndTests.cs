using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Ingestion;

public sealed class IngestionEndToEndTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly TelemetryApp app = fixture.App;

    [Fact]
    public async Task CensusRecordLandsInTheCensusTableWithItsFieldsAndNoTenant()
    {
        var tenant = await app.Tenants.CreateAsync();
        var record = Records.Census();

        var response = await app.IngestAsync("census", tenant.Key, Records.Envelope(record));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var row = await app.WaitForRowAsync(TelemetryCategory.Census, null, record);
        Assert.Equal("iPhoneSkype", row["AppName"]);
        Assert.Equal("iPhone", row["DeviceModel"]);
        Assert.Equal("8.3", row["OsVersion"]);
        Assert.Equal(record["deviceId"], row["DeviceId"]);
        Assert.Equal(3, row["SignInAttempts"]);
        Assert.Matches("^[0-9a-f]{64}$", (string)row["UserIdHash"]!);
        Assert.Equal("v1", row["HashKeyVersion"]);
        Assert.DoesNotContain(tenant.TenantId, row.PartitionKey, StringComparison.Ordinal);
        Assert.All(row, property => Assert.NotEqual(tenant.TenantId, property.Value as string));
        Assert.False(row.ContainsKey("TenantId"));
        Assert.False(row.ContainsKey("PoolId"));
        Assert.False(row.ContainsKey("UserId"));
    }

    [Fact]
    public async Task UsageRecordLandsUnderItsTenantWithTheFederationPartnerInClear()
    {
        var tenant = await app.Tenants.CreateAsync();
        var record = Records.Usage();

        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope(record));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var row = await app.WaitForRowAsync(TelemetryCategory.Usage, tenant.TenantId, record);
        Assert.StartsWith(tenant.TenantId + "|", row.PartitionKey, StringComparison.Ordinal);
        Assert.Equal(tenant.TenantId, row["TenantId"]);
        Assert.Equal("Microsoft.com", row["FederationPartner"]);
        Assert.Equal(12, row["ImSent"]);
        Assert.Equal(30, row["CallMinutes"]);
        Assert.Equal("client", row["Source"]);
    }

    [Fact]
    public async Task ErrorReportLandsWithHashedIdentifiersAndATruncatedAddressOnly()
    {
        var tenant = await app.Tenants.CreateAsync();
        var record = Records.Error();

        var response = await app.IngestAsync("errors", tenant.Key, Records.Envelope(record));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var row = await app.WaitForRowAsync(TelemetryCategory.Errors, tenant.TenantId, record);
        Assert.Equal("0x80004005", row["ErrorCode"]);
        Assert.Equal("Incoming", row["MessageDirection"]);
        Assert.Matches("^[0-9a-f]{64}$", (string)row["UserIdHash"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string)row["SipUriHash"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string)row["IpAddressHash"]!);
        Assert.Equal("v1", row["HashKeyVersion"]);
        Assert.Equal("203.0.113.0/24", row["IpPrefix"]);
        Assert.False(row.ContainsKey("UserId") || row.ContainsKey("SipUri") || row.ContainsKey("IpAddress"));
    }

    [Fact]
    public async Task NoClearIdentifierAppearsInAnyPropertyOfAnyEntityOfAnyTable()
    {
        var tenant = await app.Tenants.CreateAsync();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var clearUser = "amos.marble." + marker;
        var clearSip = $"sip:amos.{marker}@contoso.example";
        var clearIp = "198.51.100.23";
        var census = Records.Census();
        var usage = Records.Usage();
        var error = Records.Error();
        error["userId"] = clearUser;
        error["sipUri"] = clearSip;
        error["ipAddress"] = clearIp;
        error["errorMessage"] = "Sign-in failed with code 42";

        Assert.Equal(HttpStatusCode.Accepted, (await app.IngestAsync("census", tenant.Key, Records.Envelope(census))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.IngestAsync("usage", tenant.Key, Records.Envelope(usage))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.IngestAsync("errors", tenant.Key, Records.Envelope(error))).StatusCode);
        await app.WaitForRowAsync(TelemetryCategory.Census, null, census);
        await app.WaitForRowAsync(TelemetryCategory.Usage, tenant.TenantId, usage);
        await app.WaitForRowAsync(TelemetryCategory.Errors, tenant.TenantId, error);

        foreach (var table in StorageNames.Tables)
        {
            await foreach (var entity in app.Storage.GetTableClient(table).QueryAsync<Azure.Data.Tables.TableEntity>())
            {
                var text = entity.PartitionKey + " " + entity.RowKey + " " + string.Join(' ', entity.Select(p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
                Assert.DoesNotContain(clearUser, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(clearSip, text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(clearIp, text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ReceiptCountsAcceptedSuppressedAndRejectedRecordsExactlyAsTheContractShowsThem()
    {
        var tenant = await app.Tenants.CreateAsync();
        var accepted = Records.Error(userOptIn: true);
        var suppressed = Records.Error(userOptIn: false);
        var rejected = Records.Error();
        rejected["email"] = "someone@contoso.example";

        var response = await app.IngestAsync("errors", tenant.Key, Records.Envelope(accepted, suppressed, rejected));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(3, body.GetProperty("received").GetInt32());
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("suppressed").GetInt32());
        Assert.Equal(1, body.GetProperty("rejected").GetInt32());
        Assert.Equal("UserOptIn", body.GetProperty("suppressedReason").GetString());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(2, error.GetProperty("index").GetInt32());
        Assert.Equal(rejected["id"]!.ToString(), error.GetProperty("id").GetString());
        Assert.Equal("unknown_field", error.GetProperty("code").GetString());
        Assert.Equal("email", error.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task SuppressedAndRejectedRecordsReachNeitherAQueueNorATable()
    {
        var tenant = await app.Tenants.CreateAsync();
        var accepted = Records.Error(userOptIn: true);
        var suppressed = Records.Error(userOptIn: false);
        var rejected = Records.Error();
        rejected["shoeSize"] = 44;

        var response = await app.IngestAsync("errors", tenant.Key, Records.Envelope(accepted, suppressed, rejected));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The accepted record travels in the same queue message the others would have been in.
        await app.WaitForRowAsync(TelemetryCategory.Errors, tenant.TenantId, accepted);
        var stored = await app.RowsWithIdsAsync("ErrorReports", [(Guid)accepted["id"]!, (Guid)suppressed["id"]!, (Guid)rejected["id"]!]);
        Assert.Equal(accepted["id"]!.ToString(), Assert.Single(stored).RowKey);
    }

    [Fact]
    public async Task GzipBodyIsAcceptedLikePlainJson()
    {
        var tenant = await app.Tenants.CreateAsync();
        var record = Records.Usage();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await JsonSerializer.SerializeAsync(gzip, Records.Envelope(record));
        }

        var content = TelemetryAppExtensions.JsonBytes(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        var response = await app.IngestRawAsync("usage", tenant.Key, content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        await app.WaitForRowAsync(TelemetryCategory.Usage, tenant.TenantId, record);
    }

    [Fact]
    public async Task BatchLargerThanOneQueueMessageIsSplitOverSeveralMessagesAndEveryRecordLands()
    {
        var tenant = await app.Tenants.CreateAsync();
        var records = Enumerable.Range(0, 400).Select(i =>
        {
            var record = Records.Usage();
            record["features"] = Enumerable.Range(0, 8).ToDictionary(f => $"feature{f}.{i}", f => f);
            return record;
        }).ToList();
        Assert.True(JsonSerializer.SerializeToUtf8Bytes(records).Length > 2 * IngestionLimits.MaxQueueMessageBytes);

        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope([.. records.Cast<object>()]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(400, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        var queued = await app.WaitForLogAsync(line => line.Contains("Queued 400 usage records", StringComparison.Ordinal));
        var messages = int.Parse(System.Text.RegularExpressions.Regex.Match(queued, @"in (\d+) messages").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(messages >= 3, $"expected the batch split over at least 3 messages, got {messages}");
        foreach (var record in records)
        {
            await app.WaitForRowAsync(TelemetryCategory.Usage, tenant.TenantId, record);
        }
    }

    [Fact]
    public async Task RecordsFromTheMeetingsAppCarryTheirPool()
    {
        var tenant = await app.Tenants.CreateAsync(false, ("pool01.contoso.example", true));
        var record = Records.Usage();

        var response = await app.IngestAsync("usage", tenant.Key, Records.Envelope("meetingsApp", "pool01.contoso.example", [record]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var row = await app.WaitForRowAsync(TelemetryCategory.Usage, tenant.TenantId, record);
        Assert.Equal("pool01.contoso.example", row["PoolId"]);
        Assert.Equal("meetingsApp", row["Source"]);
    }
}
