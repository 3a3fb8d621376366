using System.Buffers.Text;
using System.Security.Cryptography;
using Azure.Data.Tables;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Tests.Support;

/// <summary>
/// Tenants, pools and keys written straight into the Policies table, the way an admin edits it by hand
/// (the contract's shapes), so ingestion tests do not depend on the admin routes.
/// </summary>
public sealed class TestTenants(TestStorage storage)
{
    private TableClient Policies => storage.GetTableClient("Policies");

    /// <summary>A new tenant with a unique id and one ingestion key; pools get their MeetingUxEnableTelemetry.</summary>
    public async Task<TestTenant> CreateAsync(bool disableAutomaticSendTracing = false, params (string PoolId, bool MeetingUxEnableTelemetry)[] pools)
    {
        var tenantId = "t" + Guid.NewGuid().ToString("N")[..16];
        await Policies.CreateIfNotExistsAsync();
        await Policies.UpsertEntityAsync(new TableEntity("tenant", tenantId)
        {
            ["DisplayName"] = "Test " + tenantId,
            ["DisableAutomaticSendTracing"] = disableAutomaticSendTracing,
        });
        foreach (var (poolId, enabled) in pools)
        {
            await Policies.UpsertEntityAsync(new TableEntity("pool|" + tenantId, poolId) { ["MeetingUxEnableTelemetry"] = enabled });
        }

        var key = await IssueKeyAsync(tenantId);
        return new TestTenant(tenantId, key);
    }

    public async Task<string> IssueKeyAsync(string tenantId, bool revoked = false)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var hash = KeyHash(key);
        await Policies.UpsertEntityAsync(new TableEntity("key", hash)
        {
            ["TenantId"] = tenantId,
            ["KeyId"] = "k" + hash[..12],
            ["CreatedAt"] = DateTimeOffset.UtcNow,
            ["Revoked"] = revoked,
        });
        return key;
    }

    public async Task RevokeAsync(string key) =>
        await Policies.UpsertEntityAsync(new TableEntity("key", KeyHash(key)) { ["Revoked"] = true }, TableUpdateMode.Merge);

    public static string KeyHash(string key) => IngestionKeys.Hash(key);
}

/// <summary>A tenant made for one test, and its ingestion key.</summary>
public sealed record TestTenant(string TenantId, string Key);
