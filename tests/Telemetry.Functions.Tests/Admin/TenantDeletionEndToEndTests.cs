using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Telemetry.Core;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>Listing tenants and pools and deleting a tenant, through the real worker; the purge runs in it too.</summary>
public class TenantDeletionEndToEndTests(AdminTestApp app) : IClassFixture<AdminTestApp>
{
    [Fact]
    public async Task Tenants_are_listed_in_id_order_page_by_page_with_name_and_creation_time()
    {
        var prefix = "l" + Guid.NewGuid().ToString("N")[..8];
        foreach (var suffix in new[] { "-b", "-a", "-c" })
        {
            await app.RegisterAsync(prefix + suffix, "Name" + suffix);
        }

        var listed = new List<JsonObject>();
        string? continuation = null;
        do
        {
            using var page = await app.Http.GetAsync("/api/v1/admin/tenants?limit=2" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation)));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var body = await AdminTestApp.ReadJsonAsync(page);
            Assert.InRange(body["tenants"]!.AsArray().Count, 1, 2);
            listed.AddRange(body["tenants"]!.AsArray().Select(t => t!.AsObject()));
            continuation = (string?)body["continuation"];
        }
        while (continuation is not null);

        var ids = listed.Select(t => (string)t["tenantId"]!).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        var mine = listed.Where(t => ((string)t["tenantId"]!).StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(["Name-a", "Name-b", "Name-c"], mine.Select(t => (string)t["displayName"]!));
        Assert.All(mine, t => Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse((string)t["createdAt"]!, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromHours(1)));
    }

    [Theory]
    [InlineData("limit=0", "invalid_limit")]
    [InlineData("limit=1001", "invalid_limit")]
    [InlineData("limit=ten", "invalid_limit")]
    [InlineData("continuation=%21%21", "invalid_continuation")]
    public async Task A_bad_limit_or_continuation_is_a_400(string query, string code)
    {
        using var response = await app.Http.GetAsync("/api/v1/admin/tenants?" + query);

        await response.AssertProblemAsync(400, code);
    }

    [Fact]
    public async Task A_tenants_pools_are_listed_with_their_switch()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);
        await SetPoolAsync(tenantId, "pool02.contoso.com", true);
        await SetPoolAsync(tenantId, "pool01.contoso.com", false);

        using var response = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/pools");
        using var unknown = await app.Http.GetAsync($"/api/v1/admin/tenants/{AdminTestApp.NewTenantId()}/pools");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            $$"""{"tenantId":"{{tenantId}}","pools":[{"poolId":"pool01.contoso.com","meetingUxEnableTelemetry":false},{"poolId":"pool02.contoso.com","meetingUxEnableTelemetry":true}]}""",
            await response.Content.ReadAsStringAsync());
        await unknown.AssertProblemAsync(404, "unknown_tenant");
    }

    [Fact]
    public async Task Deleting_a_tenant_answers_what_was_done_its_key_is_refused_and_its_id_is_held_until_purge_before()
    {
        var tenantId = AdminTestApp.NewTenantId();
        var key = await app.RegisterAsync(tenantId);
        await SetPoolAsync(tenantId, "pool01.contoso.com", true);
        Assert.NotNull(await app.IngestionViewAsync(key));

        using var delete = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Delete, $"/api/v1/admin/tenants/{tenantId}", null, ("x-admin-user", "bob@contoso.com")));

        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        var body = await AdminTestApp.ReadJsonAsync(delete);
        Assert.Equal((tenantId, 1, 2, "queued"), ((string)body["tenantId"]!, (int)body["keysRevoked"]!, (int)body["policiesRemoved"]!, (string)body["purge"]!));
        var purgeBefore = DateTimeOffset.Parse((string)body["purgeBefore"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(purgeBefore - DateTimeOffset.UtcNow, TimeSpan.Zero, AdminTestApp.PurgeWindow);
        await Eventually.TrueAsync(async () => await app.IngestionViewAsync(key) is null);
        foreach (var path in new[] { "", "/policy", "/pools", "/pools/pool01.contoso.com/policy" })
        {
            using var gone = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}{path}");
            await gone.AssertProblemAsync(404, "unknown_tenant");
        }

        using var again = await app.Http.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}", new { displayName = "Contoso" });
        var problem = await again.AssertProblemAsync(409, "tenant_being_deleted");
        Assert.Contains((string)body["purgeBefore"]!, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var twice = await app.Http.DeleteAsync($"/api/v1/admin/tenants/{tenantId}");
        await twice.AssertProblemAsync(404, "unknown_tenant");
        var trail = await app.App.Storage.GetTableClient(StorageNames.PolicyAuditTable).QueryAsync<TableEntity>(e => e.PartitionKey == tenantId).ToListAsync();
        Assert.Contains(trail, e => (string)e["Setting"] == "tenantDeleted" && (string)e["ChangedBy"] == "bob@contoso.com" && (string)e["Status"] == "applied");

        // Once the purge is over the id is free again: a new tenant, with a new key.
        await Eventually.TrueAsync(async () => await app.PolicyEntityAsync("deleted", tenantId) is null);
        var fresh = await app.RegisterAsync(tenantId);
        Assert.NotEqual(key, fresh);
        Assert.Equal("on", (string?)(await app.IngestionViewAsync(fresh))!["usage"]);
    }

    [Fact]
    public async Task Records_accepted_before_the_deletion_are_purged_also_when_they_land_after_it_and_other_tenants_rows_stay()
    {
        var tenantId = AdminTestApp.NewTenantId();
        var otherId = AdminTestApp.NewTenantId();
        var key = await app.RegisterAsync(tenantId);
        await app.RegisterAsync(otherId);
        var ingested = Records.Usage();
        using (var accepted = await app.App.IngestAsync("usage", key, Records.Envelope(ingested)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        // Accepted before the deletion, still in the queue after it: messages as ingestion writes them, visible only
        // after the purge's first run (10 s after the deletion) and before its window ends.
        var late = Records.Usage();
        var control = Records.Usage();
        var queue = app.App.Storage.GetQueueClient(TelemetryCategories.UsageQueue);
        foreach (var message in QueueMessages.Messages(TelemetryCategory.Usage, tenantId, "client", null, late)
            .Concat(QueueMessages.Messages(TelemetryCategory.Usage, otherId, "client", null, control)))
        {
            await queue.SendMessageAsync(message, visibilityTimeout: TimeSpan.FromSeconds(12));
        }

        using var delete = await app.Http.DeleteAsync($"/api/v1/admin/tenants/{tenantId}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);

        await app.App.WaitForRowAsync(TelemetryCategory.Usage, otherId, control);
        await Eventually.TrueAsync(async () => await app.PolicyEntityAsync("deleted", tenantId) is null);
        Assert.Null(await app.App.FindRowAsync(TelemetryCategory.Usage, tenantId, late));
        Assert.Null(await app.App.FindRowAsync(TelemetryCategory.Usage, tenantId, ingested));
        Assert.NotNull(await app.App.FindRowAsync(TelemetryCategory.Usage, otherId, control));
    }

    private async Task SetPoolAsync(string tenantId, string poolId, bool value)
    {
        using var response = await app.Http.PutAsJsonAsync($"/api/v1/admin/tenants/{tenantId}/pools/{poolId}/policy", new { meetingUxEnableTelemetry = value });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
