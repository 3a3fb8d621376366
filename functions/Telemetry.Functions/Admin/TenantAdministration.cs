using Telemetry.Functions.Tenants;
using Telemetry.Storage;

namespace Telemetry.Functions.Admin;

/// <summary>Registers and renames tenants and issues and revokes their ingestion keys, each change audited.</summary>
public sealed class TenantAdministration(
    PolicyTables tables, AuditTrail audit, PolicyReader reader, CachedTenantDirectory directory, TimeProvider time, ILogger<TenantAdministration> logger)
{
    private const int MaxAttempts = 5;

    public async Task<Registration> RegisterOrRenameAsync(string tenantId, string displayName, string changedBy, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var existing = await ReadTenantAsync(tenantId, cancellationToken);
            if (existing is null && !await audit.HasAppliedEntriesAsync(tenantId, cancellationToken))
            {
                var created = await TryRegisterAsync(tenantId, displayName, changedBy, cancellationToken);
                if (created is not null)
                {
                    return created;
                }

                continue;
            }

            if (await TryRenameAsync(tenantId, existing, displayName, changedBy, cancellationToken))
            {
                return new Registration(Created: false, displayName, FirstKey: null);
            }
        }

        throw new ConcurrentChangeException();
    }

    public async Task<TenantView?> GetAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var entity = await ReadTenantAsync(tenantId, cancellationToken);
        if (entity is null && !await audit.HasAppliedEntriesAsync(tenantId, cancellationToken))
        {
            return null;
        }

        var keys = new List<KeyView>();
        var filter = $"PartitionKey eq '{PolicyTable.KeyPartition}' and {PolicyTable.TenantId} eq {AuditTrail.Quote(tenantId)}";
        await foreach (var page in tables.Policies.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            foreach (var key in page.Values)
            {
                if (reader.InterpretKey(key) is { } record)
                {
                    keys.Add(new KeyView(record.KeyId, PolicyTable.AsTime(key.GetValueOrDefault(PolicyTable.CreatedAt)), record.Revoked));
                }
            }
        }

        keys.Sort((a, b) => Nullable.Compare(a.CreatedAt, b.CreatedAt));
        return new TenantView(tenantId, entity?.GetValueOrDefault(PolicyTable.DisplayName) as string, keys);
    }

    /// <summary>Issues another key; null when the tenant is unknown.</summary>
    public async Task<IssuedKey?> IssueKeyAsync(string tenantId, string changedBy, CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(tenantId, cancellationToken))
        {
            return null;
        }

        var key = new IssuedKey(IngestionKeys.NewKeyId(), IngestionKeys.NewKey());
        var ids = await audit.BeginAsync(tenantId, changedBy, [KeyIssued(key.KeyId)], cancellationToken);
        await tables.Policies.AddEntityAsync(KeyEntity(tenantId, key, ids[0]), cancellationToken);
        await audit.CompleteAsync(tenantId, ids, cancellationToken);
        directory.ForgetKey(IngestionKeys.Hash(key.Key));
        AdminLog.KeyIssued(logger, tenantId, key.KeyId);
        return key;
    }

    public async Task<RevokeOutcome> RevokeKeyAsync(string tenantId, string keyId, string changedBy, CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(tenantId, cancellationToken))
        {
            return RevokeOutcome.UnknownTenant;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var entity = await FindKeyAsync(tenantId, keyId, cancellationToken);
            if (entity is null || reader.InterpretKey(entity) is not { } record)
            {
                return RevokeOutcome.UnknownKey;
            }

            if (record.Revoked && entity.GetValueOrDefault(PolicyTable.Revoked) is true)
            {
                return RevokeOutcome.AlreadyRevoked;
            }

            await audit.ConfirmNamedAsync(tenantId, entity, cancellationToken);
            var ids = await audit.BeginAsync(
                tenantId, changedBy, [new AuditChange(AuditSettings.Key, AuditSettings.KeyActive, AuditSettings.KeyRevoked, KeyId: keyId)], cancellationToken);
            var change = new TableEntity(PolicyTable.KeyPartition, entity.RowKey) { [PolicyTable.Revoked] = true, [PolicyTable.LastChangeId] = ids[0] };
            if (!await TryWriteAsync(() => tables.Policies.UpdateEntityAsync(change, entity.ETag ?? "*", TableUpdateMode.Merge, cancellationToken), tenantId, ids, cancellationToken))
            {
                continue;
            }

            await audit.CompleteAsync(tenantId, ids, cancellationToken);
            directory.ForgetKey(entity.RowKey);
            AdminLog.KeyRevoked(logger, tenantId, keyId);
            return RevokeOutcome.Revoked;
        }

        throw new ConcurrentChangeException();
    }

    /// <summary>A tenant exists when its entity does, or (after a hand deletion of the entity) when its trail does.</summary>
    public async Task<bool> ExistsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        await ReadTenantAsync(tenantId, cancellationToken) is not null || await audit.HasAppliedEntriesAsync(tenantId, cancellationToken);

    private async Task<Registration?> TryRegisterAsync(string tenantId, string displayName, string changedBy, CancellationToken cancellationToken)
    {
        var key = new IssuedKey(IngestionKeys.NewKeyId(), IngestionKeys.NewKey());
        var ids = await audit.BeginAsync(
            tenantId, changedBy, [new AuditChange(AuditSettings.DisplayName, null, displayName), KeyIssued(key.KeyId)], cancellationToken);
        var tenant = new TableEntity(PolicyTable.TenantPartition, tenantId)
        {
            [PolicyTable.DisplayName] = displayName,
            [PolicyTable.DisableAutomaticSendTracing] = false,
            [PolicyTable.LastChangeId] = ids[0],
        };
        if (!await TryWriteAsync(() => tables.Policies.AddEntityAsync(tenant, cancellationToken), tenantId, ids, cancellationToken))
        {
            return null; // registered concurrently: the next attempt renames
        }

        await tables.Policies.AddEntityAsync(KeyEntity(tenantId, key, ids[1]), cancellationToken);
        await audit.CompleteAsync(tenantId, ids, cancellationToken);
        directory.ForgetTenant(tenantId);
        AdminLog.TenantRegistered(logger, tenantId, key.KeyId);
        return new Registration(Created: true, displayName, key);
    }

    private async Task<bool> TryRenameAsync(string tenantId, TableEntity? existing, string displayName, string changedBy, CancellationToken cancellationToken)
    {
        var oldName = existing?.GetValueOrDefault(PolicyTable.DisplayName) as string;
        if (existing is not null && oldName == displayName)
        {
            return true;
        }

        if (existing is not null)
        {
            await audit.ConfirmNamedAsync(tenantId, existing, cancellationToken);
        }

        var ids = await audit.BeginAsync(tenantId, changedBy, [new AuditChange(AuditSettings.DisplayName, oldName, displayName)], cancellationToken);
        var change = new TableEntity(PolicyTable.TenantPartition, tenantId) { [PolicyTable.DisplayName] = displayName, [PolicyTable.LastChangeId] = ids[0] };
        Func<Task> write = existing is null
            ? () => tables.Policies.AddEntityAsync(change, cancellationToken)
            : () => tables.Policies.UpdateEntityAsync(change, existing.ETag ?? "*", TableUpdateMode.Merge, cancellationToken);
        if (!await TryWriteAsync(write, tenantId, ids, cancellationToken))
        {
            return false;
        }

        await audit.CompleteAsync(tenantId, ids, cancellationToken);
        AdminLog.TenantRenamed(logger, tenantId);
        return true;
    }

    /// <summary>Runs a conditional write; when another change won the race, removes the pending entries and answers false.</summary>
    private async Task<bool> TryWriteAsync(Func<Task> write, string tenantId, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        try
        {
            await write();
            return true;
        }
        catch (StorageRequestException e) when (e.Status is StatusCodes.Status409Conflict or StatusCodes.Status412PreconditionFailed)
        {
            await audit.AbandonAsync(tenantId, ids, cancellationToken);
            return false;
        }
    }

    private Task<TableEntity?> ReadTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        tables.Policies.GetEntityIfExistsAsync(PolicyTable.TenantPartition, tenantId, cancellationToken: cancellationToken);

    private async Task<TableEntity?> FindKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq '{PolicyTable.KeyPartition}' and {PolicyTable.KeyId} eq {AuditTrail.Quote(keyId)} and {PolicyTable.TenantId} eq {AuditTrail.Quote(tenantId)}";
        await foreach (var page in tables.Policies.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            if (page.Values.Count > 0)
            {
                return page.Values[0];
            }
        }

        return null;
    }

    private TableEntity KeyEntity(string tenantId, IssuedKey key, string changeId) => new(PolicyTable.KeyPartition, IngestionKeys.Hash(key.Key))
    {
        [PolicyTable.TenantId] = tenantId,
        [PolicyTable.KeyId] = key.KeyId,
        [PolicyTable.CreatedAt] = time.GetUtcNow(),
        [PolicyTable.Revoked] = false,
        [PolicyTable.LastChangeId] = changeId,
    };

    private static AuditChange KeyIssued(string keyId) => new(AuditSettings.Key, null, AuditSettings.KeyActive, KeyId: keyId);
}
