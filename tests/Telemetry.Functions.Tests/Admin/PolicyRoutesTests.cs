using Telemetry.Functions.Tests.Support;
using System.Net;
using Azure.Data.Tables;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>Tenant and pool policies through the real server: ETags, conditional updates, hand edits.</summary>
public class PolicyRoutesTests(AdminTestApp app) : IClassFixture<AdminTestApp>
{
    private const string TenantPolicy = """{"disableAutomaticSendTracing":true}""";

    [Fact]
    public async Task A_new_tenant_policy_reads_as_the_default_with_an_etag()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/policy");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((bool)(await AdminTestApp.ReadJsonAsync(response))["disableAutomaticSendTracing"]!);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Putting_a_tenant_policy_without_if_match_changes_it_and_answers_the_new_etag()
    {
        var tenantId = AdminTestApp.NewTenantId();
        var key = await app.RegisterAsync(tenantId);
        using var before = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/policy");

        using var put = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", TenantPolicy));
        using var after = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/policy");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True((bool)(await AdminTestApp.ReadJsonAsync(put))["disableAutomaticSendTracing"]!);
        Assert.NotEqual(before.Headers.ETag, put.Headers.ETag);
        Assert.Equal(put.Headers.ETag, after.Headers.ETag);
        Assert.True((bool)(await AdminTestApp.ReadJsonAsync(after))["disableAutomaticSendTracing"]!);
        Assert.True(await app.IngestionSuppressesUsageAsync(key));
    }

    [Fact]
    public async Task Two_admins_updating_with_the_same_etag_one_wins_and_the_other_gets_412()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);
        using var read = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/policy");
        var etag = read.Headers.ETag!.ToString();

        using var first = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", TenantPolicy, ("If-Match", etag)));
        using var second = await app.Http.SendAsync(AdminTestApp.Request(
            HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", """{"disableAutomaticSendTracing":false}""", ("If-Match", etag)));
        using var final = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/policy");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await AdminValidationTests.AssertProblemAsync(second, HttpStatusCode.PreconditionFailed, "etag_mismatch");
        Assert.True((bool)(await AdminTestApp.ReadJsonAsync(final))["disableAutomaticSendTracing"]!);
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_etag_let_exactly_one_win()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);
        using var read = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/policy");
        var etag = read.Headers.ETag!.ToString();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => app.Http.SendAsync(AdminTestApp.Request(
            HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", TenantPolicy, ("If-Match", etag)))));

        Assert.Single(attempts, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(5, attempts.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        foreach (var attempt in attempts)
        {
            attempt.Dispose();
        }
    }

    [Fact]
    public async Task An_if_match_of_star_matches_any_stored_policy()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", TenantPolicy, ("If-Match", "*")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_pool_policy_without_an_entity_reads_as_off_and_a_put_creates_it()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var before = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/pools/pool01.contoso.com/policy");
        using var put = await app.Http.SendAsync(AdminTestApp.Request(
            HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/pools/pool01.contoso.com/policy", """{"meetingUxEnableTelemetry":true}"""));
        using var after = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/pools/pool01.contoso.com/policy");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.False((bool)(await AdminTestApp.ReadJsonAsync(before))["meetingUxEnableTelemetry"]!);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.NotNull(put.Headers.ETag);
        Assert.True((bool)(await AdminTestApp.ReadJsonAsync(after))["meetingUxEnableTelemetry"]!);
        Assert.Equal(put.Headers.ETag, after.Headers.ETag);
        var entity = await app.PolicyEntityAsync($"pool|{tenantId}", "pool01.contoso.com");
        Assert.Equal(true, entity?["MeetingUxEnableTelemetry"]);
    }

    [Fact]
    public async Task A_conditional_put_on_a_pool_policy_that_does_not_exist_answers_412()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.SendAsync(AdminTestApp.Request(
            HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/pools/pool02/policy", """{"meetingUxEnableTelemetry":true}""", ("If-Match", "\"stale\"")));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }

    [Fact]
    public async Task A_hand_edit_shows_in_the_admin_get_at_once_and_to_ingestion_within_the_cache_bound()
    {
        var tenantId = AdminTestApp.NewTenantId();
        var key = await app.RegisterAsync(tenantId);
        Assert.False(await app.IngestionSuppressesUsageAsync(key));

        await app.Policies.UpsertEntityAsync(
            new TableEntity("tenant", tenantId) { ["DisableAutomaticSendTracing"] = true }, TableUpdateMode.Merge);
        using var get = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/policy");

        Assert.True((bool)(await AdminTestApp.ReadJsonAsync(get))["disableAutomaticSendTracing"]!);
        await Eventually.TrueAsync(() => app.IngestionSuppressesUsageAsync(key));
    }

    [Fact]
    public async Task A_policy_entity_deleted_by_hand_reads_as_the_defaults_and_a_put_writes_it_again()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);
        await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", TenantPolicy));

        await app.Policies.DeleteEntityAsync("tenant", tenantId);
        using var get = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/policy");
        using var put = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", TenantPolicy));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.False((bool)(await AdminTestApp.ReadJsonAsync(get))["disableAutomaticSendTracing"]!);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(true, (await app.PolicyEntityAsync("tenant", tenantId))?["DisableAutomaticSendTracing"]);
    }

    [Fact]
    public async Task An_unreadable_value_written_by_hand_reads_as_collection_off()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);
        await app.Policies.UpsertEntityAsync(
            new TableEntity($"pool|{tenantId}", "pool01") { ["MeetingUxEnableTelemetry"] = "yes" }, TableUpdateMode.Merge);
        await app.Policies.UpsertEntityAsync(
            new TableEntity("tenant", tenantId) { ["DisableAutomaticSendTracing"] = "no" }, TableUpdateMode.Merge);

        using var pool = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/pools/pool01/policy");
        using var tenant = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/policy");

        Assert.False((bool)(await AdminTestApp.ReadJsonAsync(pool))["meetingUxEnableTelemetry"]!);
        Assert.True((bool)(await AdminTestApp.ReadJsonAsync(tenant))["disableAutomaticSendTracing"]!);
    }
}
