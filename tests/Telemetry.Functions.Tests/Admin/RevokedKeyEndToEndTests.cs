using Telemetry.Functions.Tests.Support;
using System.Net;
using System.Text;
using Azure.Data.Tables;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>Revocation seen from the ingestion side: POST /api/v1/usage with the key, through the real server.</summary>
public class RevokedKeyEndToEndTests(AdminTestApp app) : IClassFixture<AdminTestApp>
{
    [Fact]
    public async Task A_key_revoked_through_the_admin_api_is_refused_by_ingestion()
    {
        var tenantId = AdminTestApp.NewTenantId();
        var key = await app.RegisterAsync(tenantId);
        using var tenant = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}");
        var keyId = (string)(await AdminTestApp.ReadJsonAsync(tenant))["keys"]![0]!["keyId"]!;
        await Eventually.TrueAsync(async () => await PostUsageAsync(key) == HttpStatusCode.Accepted);

        using var revoke = await app.Http.DeleteAsync($"/api/v1/admin/tenants/{tenantId}/keys/{keyId}");

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await Eventually.TrueAsync(async () => await PostUsageAsync(key) == HttpStatusCode.Unauthorized);
        Assert.Null(await app.IngestionViewAsync(key));
    }

    [Fact]
    public async Task A_key_revoked_by_hand_is_refused_by_ingestion_within_the_cache_bound()
    {
        var key = await app.RegisterAsync(AdminTestApp.NewTenantId());
        await Eventually.TrueAsync(async () => await PostUsageAsync(key) == HttpStatusCode.Accepted);

        await app.Policies.UpsertEntityAsync(new TableEntity("key", IngestionKeys.Hash(key)) { ["Revoked"] = true }, TableUpdateMode.Merge);

        await Eventually.TrueAsync(async () => await PostUsageAsync(key) == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_second_key_keeps_working_when_the_first_is_revoked()
    {
        var tenantId = AdminTestApp.NewTenantId();
        var first = await app.RegisterAsync(tenantId);
        using var issued = await app.Http.PostAsync($"/api/v1/admin/tenants/{tenantId}/keys", null);
        var second = (string)(await AdminTestApp.ReadJsonAsync(issued))["key"]!;
        using var tenant = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}");
        var firstKeyId = (string)(await AdminTestApp.ReadJsonAsync(tenant))["keys"]![0]!["keyId"]!;

        using var revoke = await app.Http.DeleteAsync($"/api/v1/admin/tenants/{tenantId}/keys/{firstKeyId}");

        await Eventually.TrueAsync(async () => await PostUsageAsync(first) == HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Accepted, await PostUsageAsync(second));
    }

    private async Task<HttpStatusCode> PostUsageAsync(string key)
    {
        var body = $$"""
            {"source":"client","records":[{"id":"{{Guid.NewGuid()}}","timestamp":"{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}","appName":"Teams","imSent":3}]}
            """;
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", key);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
