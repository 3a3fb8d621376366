using Telemetry.Functions.Tenants;
using Telemetry.Storage;

namespace Telemetry.Functions.Admin;

/// <summary>Settling: what an interrupted change left behind becomes applied or disappears.</summary>
public sealed partial class AuditTrail
{
    /// <summary>Resolves the tenant's pending entries left behind by interrupted changes (see the class summary).</summary>
    public async Task SettleAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var filter = $"PartitionKey eq {Quote(tenantId)} and Status eq '{Pending}'";
        var pending = new List<TableEntity>();
        await foreach (var page in _tables.Audit.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            pending.AddRange(page.Values);
        }

        var now = _time.GetUtcNow();
        foreach (var entry in pending)
        {
            try
            {
                await SettleOneAsync(tenantId, entry, now, cancellationToken);
            }
            catch (StorageRequestException e) when (e.Status is StatusCodes.Status404NotFound or StatusCodes.Status412PreconditionFailed)
            {
                // Another request settled or completed the entry first.
            }
        }
    }

    private async Task SettleOneAsync(string tenantId, TableEntity entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await HappenedAsync(tenantId, entry, cancellationToken))
        {
            await CompleteAsync(tenantId, [entry.RowKey], cancellationToken);
        }
        else if (PolicyTable.AsTime(entry.GetValueOrDefault("ChangedAt")) is not { } changedAt || now - changedAt >= PendingGrace)
        {
            await _tables.Audit.DeleteEntityAsync(tenantId, entry.RowKey, entry.ETag ?? "*", cancellationToken);
        }
    }

    /// <summary>True when the tenant has an applied change: a registration that went through, at least.</summary>
    public async Task<bool> HasAppliedEntriesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var filter = $"PartitionKey eq {Quote(tenantId)} and Status eq '{Applied}'";
        await foreach (var page in _tables.Audit.QueryAsync(filter, ["RowKey"], 1, cancellationToken))
        {
            if (page.Values.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<bool> HappenedAsync(string tenantId, TableEntity entry, CancellationToken cancellationToken)
    {
        var setting = entry.GetValueOrDefault("Setting") as string;
        TableEntity? changed = setting switch
        {
            AuditSettings.Key => await FindKeyAsync(tenantId, entry.GetValueOrDefault("KeyId") as string, cancellationToken),
            AuditSettings.MeetingUxEnableTelemetry when entry.GetValueOrDefault("PoolId") is string poolId =>
                await _tables.Policies.GetEntityIfExistsAsync(PolicyTable.PoolPartition(tenantId), poolId, [PolicyTable.LastChangeId], cancellationToken),
            AuditSettings.DisplayName or AuditSettings.DisableAutomaticSendTracing =>
                await _tables.Policies.GetEntityIfExistsAsync(PolicyTable.TenantPartition, tenantId, [PolicyTable.LastChangeId], cancellationToken),
            _ => null,
        };
        if (changed is null)
        {
            return false;
        }

        // A new key's entity is written only by the change itself; everything else names the change.
        var issuedKey = setting == AuditSettings.Key && entry.GetValueOrDefault("NewValue") as string == AuditSettings.KeyActive;
        return issuedKey || changed.GetValueOrDefault(PolicyTable.LastChangeId) as string == entry.RowKey;
    }

    private async Task<TableEntity?> FindKeyAsync(string tenantId, string? keyId, CancellationToken cancellationToken)
    {
        if (keyId is null)
        {
            return null;
        }

        var filter = $"PartitionKey eq '{PolicyTable.KeyPartition}' and {PolicyTable.KeyId} eq {Quote(keyId)} and {PolicyTable.TenantId} eq {Quote(tenantId)}";
        await foreach (var page in _tables.Policies.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            if (page.Values.Count > 0)
            {
                return page.Values[0];
            }
        }

        return null;
    }
}
