using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Administration;

/// <summary>
/// The development demo tenant "demo" with pool "pool01.demo.local" (Meetings App telemetry allowed) and one
/// ingestion key. The key is derived from the development admin key, so every start prints the same key without
/// ever storing it; Policies holds only its hash, as for any key.
/// </summary>
public sealed class DemoTenant
{
    public const string TenantId = "demo";
    public const string PoolId = "pool01.demo.local";

    private readonly TelemetryTables _tables;
    private readonly StorageResources _resources;
    private readonly TimeProvider _time;

    internal DemoTenant(TelemetryTables tables, StorageResources resources, TimeProvider time)
    {
        _tables = tables;
        _resources = resources;
        _time = time;
    }

    /// <summary>The demo tenant's ingestion key for <paramref name="adminKey"/>.</summary>
    public static string DeriveKey(string adminKey)
    {
        ArgumentNullException.ThrowIfNull(adminKey);
        return Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(adminKey), "telemetry demo ingestion key"u8));
    }

    /// <summary>Writes whichever of the tenant, pool and key entities are missing; returns true when any was.</summary>
    public Task<bool> EnsureAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var keyHash = IngestionKeys.Hash(key);
        TableEntity[] entities =
        [
            new(PolicyTable.TenantPartition, TenantId)
            {
                [PolicyTable.DisplayName] = "Demo", [PolicyTable.DisableAutomaticSendTracing] = false, [PolicyTable.CreatedAt] = _time.GetUtcNow(),
            },
            new(PolicyTable.PoolPartition(TenantId), PoolId) { [PolicyTable.MeetingUxEnableTelemetry] = true },
            new(PolicyTable.KeyPartition, keyHash)
            {
                [PolicyTable.TenantId] = TenantId, [PolicyTable.KeyId] = IngestionKeys.KeyIdOf(keyHash), [PolicyTable.CreatedAt] = _time.GetUtcNow(),
            },
        ];
        return _resources.RunAsync(async token =>
        {
            var created = false;
            foreach (var entity in entities)
            {
                if (await _tables.Policies.FindAsync(entity.PartitionKey, entity.RowKey, cancellationToken: token) is null)
                {
                    await _tables.Policies.UpsertEntityAsync(entity, TableUpdateMode.Replace, token);
                    created = true;
                }
            }

            return created;
        }, cancellationToken);
    }
}
