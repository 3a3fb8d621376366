using System.Net;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>When the Policies table does not answer, admins and clients get 503 (retry later), never a wrong answer.</summary>
public sealed class PoliciesOutageTests : IAsyncLifetime
{
    private TelemetryApp _app = null!;

    public async Task InitializeAsync()
    {
        // Policies and PolicyAudit on a port where nothing listens (with the app's retries); the rest of storage answers.
        var options = new TableClientOptions();
        StorageClientDefaults.Apply(options);
        var nowhere = new TableServiceClient(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};" +
            $"TableEndpoint=http://127.0.0.1:9/{AzuriteServer.AccountName};", options);
        _app = await TelemetryApp.StartAsync(configureServices: services => services.AddSingleton(sp => new TelemetryTables(name =>
            name is StorageNames.PoliciesTable or StorageNames.PolicyAuditTable
                ? nowhere.GetTableClient(name)
                : sp.GetRequiredService<TableServiceClient>().GetTableClient(name))));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_admin_request_answers_503_with_retry_after()
    {
        using var request = AdminTestApp.Request(HttpMethod.Get, "/api/v1/admin/tenants/contoso/policy", null, ("x-admin-key", AdminTestApp.AdminKey));

        using var response = await _app.Client.SendAsync(request);

        await AdminValidationTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "storage_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task An_ingestion_request_answers_503_rather_than_401_for_an_unknown_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage")
        {
            Content = new StringContent(
                $$"""{"source":"client","records":[{"id":"{{Guid.NewGuid()}}","timestamp":"{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}","appName":"Teams"}]}""",
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("x-api-key", IngestionKeys.NewKey());

        using var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
