using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Telemetry.Core;
using Telemetry.Services.Storage;

namespace Telemetry.Services.Tenants;

/// <summary>
/// Reads and interprets Policies entities exactly as the contract lets admins write them by hand: a missing
/// entity or property is the default; a value of the wrong type is the privacy-safe answer plus a warning.
/// Storage failures propagate: an unreachable or missing table is never mistaken for "no such key".
/// </summary>
internal sealed class PolicyReader(TelemetryTables tables, ILogger<PolicyReader> logger)
{
    private static readonly string[] KeyColumns = [PolicyTable.TenantId, PolicyTable.KeyId, PolicyTable.Revoked];
    private static readonly string[] TenantColumns = [PolicyTable.DisableAutomaticSendTracing];
    private static readonly string[] PoolColumns = [PolicyTable.MeetingUxEnableTelemetry];

    /// <summary>The key stored under <paramref name="keyHash"/>; null when there is none or it cannot name a tenant.</summary>
    public async Task<KeyRecord?> ReadKeyAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyHash);
        var entity = await tables.Policies.FindAsync(PolicyTable.KeyPartition, keyHash, KeyColumns, cancellationToken);
        return entity is null ? null : InterpretKey(entity);
    }

    /// <summary>The tenant's DisableAutomaticSendTracing (missing entity or property: false).</summary>
    public async Task<bool> ReadDisableAutomaticSendTracingAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var entity = await tables.Policies.FindAsync(PolicyTable.TenantPartition, tenantId, TenantColumns, cancellationToken);
        return entity is not null && ReadSwitch(entity, PolicyTable.DisableAutomaticSendTracing, safeValue: true);
    }

    /// <summary>The pool's MeetingUxEnableTelemetry (missing entity or property: false).</summary>
    public async Task<bool> ReadMeetingUxEnableTelemetryAsync(string tenantId, string poolId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(poolId);
        var entity = await tables.Policies.FindAsync(PolicyTable.PoolPartition(tenantId), poolId, PoolColumns, cancellationToken);
        return entity is not null && ReadSwitch(entity, PolicyTable.MeetingUxEnableTelemetry, safeValue: false);
    }

    /// <summary>The key entity with this key id that belongs to the tenant; null when there is none.</summary>
    public async Task<TableEntity?> FindKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken = default)
    {
        var filter = PolicyTable.Filter(("PartitionKey", PolicyTable.KeyPartition), (PolicyTable.KeyId, keyId), (PolicyTable.TenantId, tenantId));
        await foreach (var key in tables.Policies.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            return key;
        }

        return null;
    }

    /// <summary>A boolean switch: missing or null is false; anything but a boolean is <paramref name="safeValue"/>.</summary>
    public bool ReadSwitch(TableEntity entity, string property, bool safeValue)
    {
        ArgumentNullException.ThrowIfNull(entity);
        switch (entity[property])
        {
            case null:
                return false;
            case bool value:
                return value;
            default:
                TenantsLog.UnreadablePolicy(logger, entity.PartitionKey, entity.RowKey, property, safeValue);
                return safeValue;
        }
    }

    /// <summary>A key entity: a revoked, unreadable or tenant-less key is refused.</summary>
    public KeyRecord? InterpretKey(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var keyId = entity[PolicyTable.KeyId] as string ?? "(no key id)";
        if (entity[PolicyTable.TenantId] is not string tenantId || !Ids.IsValid(tenantId))
        {
            TenantsLog.UnreadableKey(logger, keyId, PolicyTable.TenantId);
            return null;
        }

        var revoked = entity[PolicyTable.Revoked] switch
        {
            null => false,
            bool value => value,
            _ => Unreadable(keyId),
        };
        return new KeyRecord(tenantId, keyId, revoked);
    }

    private bool Unreadable(string keyId)
    {
        TenantsLog.UnreadableKey(logger, keyId, PolicyTable.Revoked);
        return true;
    }
}
