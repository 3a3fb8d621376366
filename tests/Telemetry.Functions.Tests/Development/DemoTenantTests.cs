using System.Net;
using Azure.Data.Tables;
using Telemetry.Services.Administration;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Development;

public sealed class DemoTenantTests
{
    [Fact]
    public async Task DevelopmentStartCreatesTheDemoTenantWhoseKeyIngestsMeetingsAppTelemetry()
    {
        await using var app = await TelemetryApp.StartAsync(settings => settings["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development");
        var key = DemoTenant.DeriveKey(TelemetryApp.AdminKey);
        var policies = app.Storage.GetTableClient("Policies");
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!(await policies.GetEntityIfExistsAsync<TableEntity>("key", TestTenants.KeyHash(key))).HasValue)
        {
            Assert.True(DateTime.UtcNow < until, "The demo key was not created.");
            await Task.Delay(100);
        }

        var response = await app.IngestAsync("usage", key, Records.Envelope("meetingsApp", DemoTenant.PoolId, [Records.Usage()]));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        Assert.Equal(true, (await policies.GetEntityAsync<TableEntity>("pool|demo", DemoTenant.PoolId)).Value["MeetingUxEnableTelemetry"]);
    }

    [Fact]
    public async Task OutsideDevelopmentNoDemoKeyIsIssued()
    {
        await using var app = await TelemetryApp.StartAsync(settings => settings["Telemetry__AdminKey"] = "another-admin-key-for-a-non-dev-app-0123456789");
        var key = DemoTenant.DeriveKey("another-admin-key-for-a-non-dev-app-0123456789");
        await app.Client.GetAsync("/api/health");

        var response = await app.IngestAsync("usage", key, Records.Envelope(Records.Usage()));

        await response.AssertProblemAsync(401, "invalid_api_key");
    }
}
