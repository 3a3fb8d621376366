using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Telemetry.Core;
using Telemetry.Functions.Middleware;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Storage;

/// <summary>
/// Storage that lost every queue and table under the running app (an emulator restarted empty): health says so,
/// the app creates them again, and no request meanwhile gets anything worse than a clean 503.
/// </summary>
public sealed class MissingStorageTests : IAsyncLifetime
{
    private AzuriteServer _azurite = null!;
    private TelemetryApp _app = null!;

    public async Task InitializeAsync()
    {
        // A private emulator: the app's queue and table names are fixed, and this test deletes them.
        _azurite = await AzuriteServer.StartNewAsync();
        _app = await TelemetryApp.StartAsync(azurite: _azurite);
        await WaitUntilHealthyAsync();
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
    public async Task AfterEveryQueueAndTableIsDeletedHealthReportsThemAndTheNextRequestsSucceed()
    {
        var before = await RegisterAsync();
        await DeleteEveryQueueAndTableAsync();

        using var health = await _app.Client.GetAsync("/api/health");
        var problem = await health.AssertProblemAsync(503, "storage_incomplete");
        Assert.NotNull(health.Headers.RetryAfter);
        var checks = problem.GetProperty("checks");
        Assert.All(checks.GetProperty("queues").EnumerateObject().Concat(checks.GetProperty("tables").EnumerateObject()),
            check => Assert.Equal("missing", check.Value.GetString()));

        // Requests while the queues and tables come back: each is answered, and no answer is a 500.
        var meanwhile = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => (i % 3) switch
        {
            0 => _app.IngestAsync("usage", before.Key, Records.Envelope(Records.Usage())),
            1 => _app.Client.SendAsync(Admin(HttpMethod.Get, $"/api/v1/admin/tenants/t{i}")),
            _ => _app.Client.GetAsync("/api/health"),
        }));
        Assert.All(meanwhile, response => Assert.True(
            response.StatusCode is < HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable, $"answered {(int)response.StatusCode}"));

        // Then everything works again: a new tenant, its records queued and stored, and health.
        var key = await RegisterAsync();
        var record = Records.Usage();
        var accepted = await _app.IngestAsync("usage", key.Key, Records.Envelope(record));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await _app.WaitForRowAsync(TelemetryCategory.Usage, key.TenantId, record);
        await WaitUntilHealthyAsync();
    }

    [Fact]
    public async Task AnAdminChangeAfterThePoliciesTableIsDeletedWritesItAgainWithItsAuditEntry()
    {
        await _app.Storage.GetTableClient(StorageNames.PoliciesTable).DeleteAsync();
        await _app.Storage.GetTableClient(StorageNames.PolicyAuditTable).DeleteAsync();

        var registration = await RegisterAsync();

        using var audit = await _app.Client.SendAsync(Admin(HttpMethod.Get, $"/api/v1/admin/tenants/{registration.TenantId}/audit"));
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Equal(2, (await audit.JsonAsync()).GetProperty("entries").GetArrayLength());
    }

    private async Task<(string TenantId, string Key)> RegisterAsync()
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..12];
        using var request = Admin(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}");
        request.Content = JsonContent.Create(new { displayName = "Contoso" });
        using var response = await _app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (tenantId, (await response.JsonAsync()).GetProperty("key").GetString()!);
    }

    private async Task DeleteEveryQueueAndTableAsync()
    {
        foreach (var queue in StorageNames.Queues)
        {
            await _app.Storage.GetQueueClient(queue).DeleteAsync();
        }

        foreach (var table in StorageNames.Tables)
        {
            await _app.Storage.GetTableClient(table).DeleteAsync();
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await _app.Client.GetAsync("/api/health");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"Health did not become 200: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }

    private static HttpRequestMessage Admin(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(AdminKeyMiddleware.HeaderName, TelemetryApp.AdminKey);
        return request;
    }
}
