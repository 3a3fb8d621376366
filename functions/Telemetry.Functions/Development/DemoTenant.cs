using System.Security.Cryptography;
using System.Text;
using Telemetry.Functions.Provisioning;
using Telemetry.Storage;

namespace Telemetry.Functions.Development;

/// <summary>
/// The Development environment's demo tenant "demo" with pool "pool01.demo.local" (Meetings App telemetry
/// allowed) and one ingestion key. The key is derived from the development admin key, so every start
/// prints the same key without ever storing it; Policies holds only its hash, as for any key.
/// </summary>
public static class DemoTenant
{
    public const string TenantId = "demo";
    public const string PoolId = "pool01.demo.local";

    public static string DeriveKey(string adminKey)
    {
        ArgumentNullException.ThrowIfNull(adminKey);
        var bytes = HMACSHA256.HashData(Encoding.UTF8.GetBytes(adminKey), "telemetry demo ingestion key"u8);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Writes whichever of the tenant, pool and key entities are missing (policies.md shapes); returns true when any was.</summary>
    public static async Task<bool> EnsureAsync(StorageAccount account, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var policies = account.GetTableClient(StorageProvisioner.PoliciesTable);
        var keyHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var entities = new[]
        {
            new TableEntity("tenant", TenantId) { ["DisplayName"] = "Demo", ["DisableAutomaticSendTracing"] = false },
            new TableEntity("pool|" + TenantId, PoolId) { ["MeetingUxEnableTelemetry"] = true },
            new TableEntity("key", keyHash) { ["TenantId"] = TenantId, ["KeyId"] = "k" + keyHash[..12], ["CreatedAt"] = now.UtcDateTime },
        };

        var created = false;
        foreach (var entity in entities)
        {
            if (await policies.GetEntityIfExistsAsync(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false) is null)
            {
                await policies.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                created = true;
            }
        }

        return created;
    }
}
