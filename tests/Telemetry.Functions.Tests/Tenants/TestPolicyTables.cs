using Telemetry.Functions.Tenants;
using Telemetry.Storage;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Tenants;

/// <summary>A Policies and a PolicyAudit table of their own on the shared Azurite, for one test.</summary>
public static class TestPolicyTables
{
    public static async Task<PolicyTables> CreateAsync()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var account = StorageAccount.FromConnectionString(azurite.ConnectionString);
        var tables = new PolicyTables(account.GetTableClient(TestNames.Table("policies")), account.GetTableClient(TestNames.Table("audit")));
        await tables.Policies.CreateIfNotExistsAsync();
        await tables.Audit.CreateIfNotExistsAsync();
        return tables;
    }

    /// <summary>Writes a key entity the way an admin with Storage Explorer would; returns the key text.</summary>
    public static async Task<string> AddKeyByHandAsync(this PolicyTables tables, string tenantId, object? revoked = null)
    {
        var key = IngestionKeys.NewKey();
        var entity = new TableEntity(PolicyTable.KeyPartition, IngestionKeys.Hash(key))
        {
            [PolicyTable.TenantId] = tenantId,
            [PolicyTable.KeyId] = IngestionKeys.NewKeyId(),
        };
        if (revoked is not null)
        {
            entity[PolicyTable.Revoked] = revoked;
        }

        await tables.Policies.AddEntityAsync(entity);
        return key;
    }

    /// <summary>Upserts (merging) one property of a Policies entity, as a hand edit.</summary>
    public static Task EditByHandAsync(this PolicyTables tables, string partitionKey, string rowKey, string property, object? value) =>
        tables.Policies.UpsertEntityAsync(new TableEntity(partitionKey, rowKey) { [property] = value }, TableUpdateMode.Merge);
}
