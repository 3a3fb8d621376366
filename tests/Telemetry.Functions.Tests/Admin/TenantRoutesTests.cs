using System.Net;
using System.Net.Http.Json;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>Registering, renaming and reading tenants, and their keys, through the real server.</summary>
public class TenantRoutesTests(AdminTestApp app) : IClassFixture<AdminTestApp>
{
    [Fact]
    public async Task Registering_a_new_tenant_answers_201_with_its_first_key_and_renaming_it_answers_200_without_a_key()
    {
        var tenantId = AdminTestApp.NewTenantId();

        using var created = await app.Http.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}", new { displayName = "Contoso" });
        var first = await AdminTestApp.ReadJsonAsync(created);
        using var renamed = await app.Http.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}", new { displayName = "Contoso Ltd" });
        var second = await AdminTestApp.ReadJsonAsync(renamed);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/admin/tenants/{tenantId}", created.Headers.Location?.OriginalString);
        Assert.Equal(tenantId, (string?)first["tenantId"]);
        Assert.Equal("Contoso", (string?)first["displayName"]);
        Assert.Matches("^k[0-9a-f]{12}$", (string?)first["keyId"]);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", (string?)first["key"]);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(tenantId, (string?)second["tenantId"]);
        Assert.Equal("Contoso Ltd", (string?)second["displayName"]);
        Assert.False(second.ContainsKey("key"));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_tenant_create_it_once_with_one_key()
    {
        var tenantId = AdminTestApp.NewTenantId();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            app.Http.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}", new { displayName = "Contoso" })));
        using var tenant = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}");

        Assert.Single(answers, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(3, answers.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Single((await AdminTestApp.ReadJsonAsync(tenant))["keys"]!.AsArray());
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Registering_writes_the_tenant_policy_with_its_defaults()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        var entity = await app.PolicyEntityAsync("tenant", tenantId);

        Assert.NotNull(entity);
        Assert.Equal("Contoso", entity["DisplayName"]);
        Assert.Equal(false, entity["DisableAutomaticSendTracing"]);
    }

    [Fact]
    public async Task Reading_a_tenant_shows_its_key_ids_and_their_state_but_never_a_key_or_its_hash()
    {
        var tenantId = AdminTestApp.NewTenantId();
        var firstKey = await app.RegisterAsync(tenantId);
        using var issued = await app.Http.PostAsync($"/api/v1/admin/tenants/{tenantId}/keys", null);
        var second = await AdminTestApp.ReadJsonAsync(issued);
        using var revoke = await app.Http.DeleteAsync($"/api/v1/admin/tenants/{tenantId}/keys/{second["keyId"]}");

        using var response = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}");
        var text = await response.Content.ReadAsStringAsync();
        var body = await AdminTestApp.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Contoso", (string?)body["displayName"]);
        var keys = body["keys"]!.AsArray();
        Assert.Equal(2, keys.Count);
        Assert.False((bool)keys[0]!["revoked"]!);
        Assert.Equal((string?)second["keyId"], (string?)keys[1]!["keyId"]);
        Assert.True((bool)keys[1]!["revoked"]!);
        Assert.NotNull(keys[0]!["createdAt"]);
        foreach (var secret in new[] { firstKey, (string)second["key"]! })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Telemetry.Services.Tenants.IngestionKeys.Hash(secret), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Issuing_a_key_answers_201_with_a_new_key_that_works_at_once()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.PostAsync($"/api/v1/admin/tenants/{tenantId}/keys", null);
        var body = await AdminTestApp.ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Matches("^k[0-9a-f]{12}$", (string?)body["keyId"]);
        Assert.NotNull(await app.IngestionViewAsync((string)body["key"]!));
    }

    [Fact]
    public async Task Revoking_answers_204_for_a_key_and_again_for_a_revoked_one_and_404_for_an_unknown_key_id()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);
        using var tenant = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}");
        var keyId = (string)(await AdminTestApp.ReadJsonAsync(tenant))["keys"]![0]!["keyId"]!;

        using var first = await app.Http.DeleteAsync($"/api/v1/admin/tenants/{tenantId}/keys/{keyId}");
        using var again = await app.Http.DeleteAsync($"/api/v1/admin/tenants/{tenantId}/keys/{keyId}");
        using var unknown = await app.Http.DeleteAsync($"/api/v1/admin/tenants/{tenantId}/keys/k000000000000");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown_key", (string?)(await AdminTestApp.ReadJsonAsync(unknown))["code"]);
    }

    [Fact]
    public async Task A_key_of_another_tenant_cannot_be_revoked_through_this_tenant()
    {
        var owner = AdminTestApp.NewTenantId();
        var other = AdminTestApp.NewTenantId();
        var key = await app.RegisterAsync(owner);
        await app.RegisterAsync(other);
        using var tenant = await app.Http.GetAsync($"/api/v1/admin/tenants/{owner}");
        var keyId = (string)(await AdminTestApp.ReadJsonAsync(tenant))["keys"]![0]!["keyId"]!;

        using var response = await app.Http.DeleteAsync($"/api/v1/admin/tenants/{other}/keys/{keyId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull(await app.IngestionViewAsync(key));
    }
}
