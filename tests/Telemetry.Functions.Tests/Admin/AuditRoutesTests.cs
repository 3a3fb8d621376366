using System.Net;
using System.Text.Json.Nodes;

namespace Telemetry.Functions.Tests.Admin;

/// <summary>The audit trail through the real server: an entry for every change, newest first, page by page.</summary>
public class AuditRoutesTests(AdminTestApp app) : IClassFixture<AdminTestApp>
{
    [Fact]
    public async Task Every_policy_and_key_change_leaves_an_entry_newest_first_with_who_and_old_and_new_value()
    {
        var tenantId = AdminTestApp.NewTenantId();
        var alice = ("x-admin-user", "alice@contoso.com");
        using var registered = await app.Http.SendAsync(AdminTestApp.Request(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}", """{"displayName":"Contoso"}""", alice));
        var registration = await AdminTestApp.ReadJsonAsync(registered);
        var firstKeyId = (string)registration["keyId"]!;
        await Send(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}", """{"displayName":"Contoso Ltd"}""");
        using var issued = await app.Http.PostAsync($"/api/v1/admin/tenants/{tenantId}/keys", null);
        var secondKeyId = (string)(await AdminTestApp.ReadJsonAsync(issued))["keyId"]!;
        await Send(HttpMethod.Delete, $"/api/v1/admin/tenants/{tenantId}/keys/{secondKeyId}", null, alice);
        await Send(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", """{"disableAutomaticSendTracing":true}""");
        await Send(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/pools/pool01/policy", """{"meetingUxEnableTelemetry":true}""", alice);

        var entries = await ReadAllAsync(tenantId, pageSize: null);

        Assert.Collection(
            entries,
            e => AssertEntry(e, "MeetingUxEnableTelemetry", null, "true", "alice@contoso.com", poolId: "pool01"),
            e => AssertEntry(e, "DisableAutomaticSendTracing", "false", "true", "admin-key"),
            e => AssertEntry(e, "Key", "active", "revoked", "alice@contoso.com", keyId: secondKeyId),
            e => AssertEntry(e, "Key", null, "active", "admin-key", keyId: secondKeyId),
            e => AssertEntry(e, "DisplayName", "Contoso", "Contoso Ltd", "admin-key"),
            e => AssertEntry(e, "Key", null, "active", "alice@contoso.com", keyId: firstKeyId),
            e => AssertEntry(e, "DisplayName", null, "Contoso", "alice@contoso.com"));
        var times = entries.Select(e => (DateTimeOffset)e["changedAt"]!).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        var trail = string.Join('\n', entries.Select(e => e.ToJsonString()));
        Assert.DoesNotContain((string)registration["key"]!, trail, StringComparison.Ordinal);
        Assert.DoesNotContain(Telemetry.Services.Tenants.IngestionKeys.Hash((string)registration["key"]!), trail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_put_that_changes_nothing_and_a_refused_put_leave_no_entry()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);
        await Send(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}", """{"displayName":"Contoso"}""");
        await Send(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", """{"disableAutomaticSendTracing":false}""");
        using var refused = await app.Http.SendAsync(AdminTestApp.Request(
            HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", """{"disableAutomaticSendTracing":true}""", ("If-Match", "W/\"datetime'2000-01-01T00%3A00%3A00Z'\"")));

        var entries = await ReadAllAsync(tenantId, pageSize: null);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal(["Key", "DisplayName"], entries.Select(e => (string)e["setting"]!));
    }

    [Fact]
    public async Task Pages_of_the_trail_cover_every_entry_once_in_order()
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);
        for (var i = 0; i < 5; i++)
        {
            await Send(HttpMethod.Put, $"/api/v1/admin/tenants/{tenantId}/policy", $$"""{"disableAutomaticSendTracing":{{(i % 2 == 0 ? "true" : "false")}}}""");
        }

        var whole = await ReadAllAsync(tenantId, pageSize: null);
        var paged = await ReadAllAsync(tenantId, pageSize: 2);

        Assert.Equal(7, whole.Count);
        Assert.Equal(whole.Select(e => (string)e["id"]!), paged.Select(e => (string)e["id"]!));
    }

    [Theory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=201")]
    [InlineData("pageSize=ten")]
    [InlineData("continuation=not-a-token")]
    public async Task An_invalid_page_request_answers_400(string query)
    {
        var tenantId = AdminTestApp.NewTenantId();
        await app.RegisterAsync(tenantId);

        using var response = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/audit?{query}");

        await AdminValidationTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
    }

    private async Task Send(HttpMethod method, string path, string? json, params (string, string)[] headers)
    {
        using var response = await app.Http.SendAsync(AdminTestApp.Request(method, path, json, headers));
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}");
    }

    private async Task<List<JsonObject>> ReadAllAsync(string tenantId, int? pageSize)
    {
        var entries = new List<JsonObject>();
        string? continuation = null;
        do
        {
            var query = new List<string>();
            if (pageSize is not null)
            {
                query.Add($"pageSize={pageSize}");
            }

            if (continuation is not null)
            {
                query.Add($"continuation={Uri.EscapeDataString(continuation)}");
            }

            using var response = await app.Http.GetAsync($"/api/v1/admin/tenants/{tenantId}/audit?{string.Join('&', query)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await AdminTestApp.ReadJsonAsync(response);
            var values = page["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
            Assert.True(pageSize is null || values.Count <= pageSize);
            entries.AddRange(values);
            continuation = (string?)page["continuation"];
        }
        while (continuation is not null);

        return entries;
    }

    private static void AssertEntry(JsonObject entry, string setting, string? oldValue, string? newValue, string changedBy, string? poolId = null, string? keyId = null)
    {
        Assert.Equal(setting, (string?)entry["setting"]);
        Assert.Equal(oldValue, (string?)entry["oldValue"]);
        Assert.Equal(newValue, (string?)entry["newValue"]);
        Assert.Equal(changedBy, (string?)entry["changedBy"]);
        Assert.Equal(poolId, (string?)entry["poolId"]);
        Assert.Equal(keyId, (string?)entry["keyId"]);
        Assert.Equal("applied", (string?)entry["status"]);
    }
}
