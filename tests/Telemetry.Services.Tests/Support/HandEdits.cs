using Azure.Data.Tables;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Tests.Support;

/// <summary>Policies entities written the way an admin with Storage Explorer would, past the services.</summary>
internal static class HandEdits
{
    /// <summary>The services' own Policies table, opened without their transport.</summary>
    public static TableClient PoliciesByHand(this TestServices services) => services.Storage.GetTableClient(services.Tables.Policies.Name);

    /// <summary>Writes a key entity by hand; returns the key text.</summary>
    public static async Task<string> AddKeyByHandAsync(this TestServices services, string tenantId, object? revoked = null)
    {
        var key = IngestionKeys.NewKey();
        var entity = new TableEntity("key", IngestionKeys.Hash(key)) { ["TenantId"] = tenantId, ["KeyId"] = IngestionKeys.NewKeyId() };
        if (revoked is not null)
        {
            entity["Revoked"] = revoked;
        }

        await services.PoliciesByHand().AddEntityAsync(entity);
        return key;
    }

    /// <summary>Upserts (merging) one property of a Policies entity.</summary>
    public static Task EditByHandAsync(this TestServices services, string partitionKey, string rowKey, string property, object? value) =>
        services.PoliciesByHand().UpsertEntityAsync(new TableEntity(partitionKey, rowKey) { [property] = value }, TableUpdateMode.Merge);
}
