using Azure;
using Azure.Data.Tables;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Administration;

/// <summary>Settling: what an interrupted change left behind becomes applied or disappears.</summary>
public sealed partial class AuditTrail
{
    /// <summary>Resolves the tenant's pending entries left behind by interrupted changes (see the class summary).</summary>
    internal async Task SettleAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var filter = PolicyTable.Filter(("PartitionKey", tenantId), (Columns.Status, Pending));
        var pending = new List<TableEntity>();
        await foreach (var entry in _tables.Audit.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            pending.Add(entry);
        }

        var now = _time.GetUtcNow();
        foreach (var entry in pending)
        {
            try
            {
                await SettleOneAsync(tenantId, entry, now, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Another request settled or completed the entry first.
            }
        }
    }

    /// <summary>
    /// True when the tenant's newest applied change shows it registered: a registration that went through, at
    /// least, and no deletion after it (the trail of a deleted tenant is kept).
    /// </summary>
    internal async Task<bool> ShowsRegisteredAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var filter = PolicyTable.Filter(("PartitionKey", tenantId), (Columns.Status, Applied));
        await foreach (var page in _tables.Audit.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey", Columns.Setting], cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0)
            {
                return page.Values[0][Columns.Setting] as string != AuditSettings.TenantDeleted;
            }
        }

        return false;
    }

    private async Task SettleOneAsync(string tenantId, TableEntity entry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await HappenedAsync(tenantId, entry, cancellationToken))
        {
            await CompleteAsync(tenantId, [entry.RowKey], cancellationToken);
        }
        else if (PolicyTable.AsTime(entry[Columns.ChangedAt]) is not { } changedAt || now - changedAt >= PendingGrace)
        {
            await _tables.Audit.DeleteEntityAsync(tenantId, entry.RowKey, entry.ETag, cancellationToken);
        }
    }

    private async Task<bool> HappenedAsync(string tenantId, TableEntity entry, CancellationToken cancellationToken)
    {
        var setting = entry[Columns.Setting] as string;
        TableEntity? changed = setting switch
        {
            AuditSettings.Key when entry[Columns.KeyId] is string keyId => await _reader.FindKeyAsync(tenantId, keyId, cancellationToken),
            AuditSettings.MeetingUxEnableTelemetry when entry[Columns.PoolId] is string poolId =>
                await _tables.Policies.FindAsync(PolicyTable.PoolPartition(tenantId), poolId, [PolicyTable.LastChangeId], cancellationToken),
            AuditSettings.TenantDeleted =>
                await _tables.Policies.FindAsync(PolicyTable.DeletionPartition, tenantId, [PolicyTable.LastChangeId], cancellationToken),
            AuditSettings.DisplayName or AuditSettings.DisableAutomaticSendTracing =>
                await _tables.Policies.FindAsync(PolicyTable.TenantPartition, tenantId, [PolicyTable.LastChangeId], cancellationToken),
            _ => null,
        };
        if (changed is null)
        {
            return false;
        }

        // A new key's entity is written only by the change itself; everything else names the change.
        var issuedKey = setting == AuditSettings.Key && entry[Columns.NewValue] as string == AuditSettings.KeyActive;
        return issuedKey || changed[PolicyTable.LastChangeId] as string == entry.RowKey;
    }
}
