using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Administration;

/// <summary>Registers and renames tenants and issues and revokes their ingestion keys, each change audited.</summary>
public sealed class TenantAdministration
{
    private const int MaxAttempts = 5;

    private readonly AdministrationStores _stores;
    private readonly TimeProvider _time;
    private readonly ILogger<TenantAdministration> _logger;

    internal TenantAdministration(AdministrationStores stores, TimeProvider time, ILogger<TenantAdministration> logger)
    {
        _stores = stores;
        _time = time;
        _logger = logger;
    }

    /// <summary>Registers the tenant with its first key, or renames it; throws <see cref="ConcurrentChangeException"/> when other changes kept winning.</summary>
    public Task<Registration> RegisterOrRenameAsync(string tenantId, string displayName, string changedBy, CancellationToken cancellationToken = default) =>
        _stores.Resources.RunAsync(async token =>
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var existing = await ReadTenantAsync(tenantId, token);
                if (existing is null && !await _stores.Audit.HasAppliedEntriesAsync(tenantId, token))
                {
                    if (await TryRegisterAsync(tenantId, displayName, changedBy, token) is { } created)
                    {
                        return created;
                    }

                    continue;
                }

                if (await TryRenameAsync(tenantId, existing, displayName, changedBy, token))
                {
                    return new Registration(Created: false, displayName, FirstKey: null);
                }
            }

            throw new ConcurrentChangeException();
        }, cancellationToken);

    /// <summary>The tenant and its key ids; null when it is unknown.</summary>
    public Task<TenantView?> GetAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _stores.Resources.RunAsync(async token =>
        {
            var entity = await ReadTenantAsync(tenantId, token);
            if (entity is null && !await _stores.Audit.HasAppliedEntriesAsync(tenantId, token))
            {
                return null;
            }

            var keys = new List<KeyView>();
            var filter = PolicyTable.Filter(("PartitionKey", PolicyTable.KeyPartition), (PolicyTable.TenantId, tenantId));
            await foreach (var key in _stores.Tables.Policies.QueryAsync<TableEntity>(filter, cancellationToken: token))
            {
                if (_stores.Reader.InterpretKey(key) is { } record)
                {
                    keys.Add(new KeyView(record.KeyId, PolicyTable.AsTime(key[PolicyTable.CreatedAt]), record.Revoked));
                }
            }

            keys.Sort((a, b) => Nullable.Compare(a.CreatedAt, b.CreatedAt));
            return new TenantView(tenantId, entity?[PolicyTable.DisplayName] as string, keys);
        }, cancellationToken);

    /// <summary>Issues another key; null when the tenant is unknown.</summary>
    public Task<IssuedKey?> IssueKeyAsync(string tenantId, string changedBy, CancellationToken cancellationToken = default) =>
        _stores.Resources.RunAsync<IssuedKey?>(async token =>
        {
            if (!await ExistsCoreAsync(tenantId, token))
            {
                return null;
            }

            var key = new IssuedKey(IngestionKeys.NewKeyId(), IngestionKeys.NewKey());
            var ids = await _stores.Audit.BeginAsync(tenantId, changedBy, [KeyIssued(key.KeyId)], token);
            await _stores.Tables.Policies.AddEntityAsync(KeyEntity(tenantId, key, ids[0]), token);
            await _stores.Audit.CompleteAsync(tenantId, ids, token);
            _stores.Directory.ForgetKey(IngestionKeys.Hash(key.Key));
            AdminLog.KeyIssued(_logger, tenantId, key.KeyId);
            return key;
        }, cancellationToken);

    public Task<RevokeOutcome> RevokeKeyAsync(string tenantId, string keyId, string changedBy, CancellationToken cancellationToken = default) =>
        _stores.Resources.RunAsync(async token =>
        {
            if (!await ExistsCoreAsync(tenantId, token))
            {
                return RevokeOutcome.UnknownTenant;
            }

            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var entity = await _stores.Reader.FindKeyAsync(tenantId, keyId, token);
                if (entity is null || _stores.Reader.InterpretKey(entity) is not { } record)
                {
                    return RevokeOutcome.UnknownKey;
                }

                if (record.Revoked && entity[PolicyTable.Revoked] is true)
                {
                    return RevokeOutcome.AlreadyRevoked;
                }

                await _stores.Audit.ConfirmNamedAsync(tenantId, entity, token);
                var ids = await _stores.Audit.BeginAsync(
                    tenantId, changedBy, [new AuditChange(AuditSettings.Key, AuditSettings.KeyActive, AuditSettings.KeyRevoked, KeyId: keyId)], token);
                var change = new TableEntity(PolicyTable.KeyPartition, entity.RowKey) { [PolicyTable.Revoked] = true, [PolicyTable.LastChangeId] = ids[0] };
                if (!await TryWriteAsync(() => _stores.Tables.Policies.UpdateEntityAsync(change, entity.ETag, TableUpdateMode.Merge, token), tenantId, ids, token))
                {
                    continue;
                }

                await _stores.Audit.CompleteAsync(tenantId, ids, token);
                _stores.Directory.ForgetKey(entity.RowKey);
                AdminLog.KeyRevoked(_logger, tenantId, keyId);
                return RevokeOutcome.Revoked;
            }

            throw new ConcurrentChangeException();
        }, cancellationToken);

    /// <summary>A tenant exists when its entity does, or (after a hand deletion of the entity) when its trail does.</summary>
    public Task<bool> ExistsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _stores.Resources.RunAsync(token => ExistsCoreAsync(tenantId, token), cancellationToken);

    internal async Task<bool> ExistsCoreAsync(string tenantId, CancellationToken cancellationToken) =>
        await ReadTenantAsync(tenantId, cancellationToken) is not null || await _stores.Audit.HasAppliedEntriesAsync(tenantId, cancellationToken);

    private async Task<Registration?> TryRegisterAsync(string tenantId, string displayName, string changedBy, CancellationToken cancellationToken)
    {
        var key = new IssuedKey(IngestionKeys.NewKeyId(), IngestionKeys.NewKey());
        var ids = await _stores.Audit.BeginAsync(
            tenantId, changedBy, [new AuditChange(AuditSettings.DisplayName, null, displayName), KeyIssued(key.KeyId)], cancellationToken);
        var tenant = new TableEntity(PolicyTable.TenantPartition, tenantId)
        {
            [PolicyTable.DisplayName] = displayName,
            [PolicyTable.DisableAutomaticSendTracing] = false,
            [PolicyTable.LastChangeId] = ids[0],
        };
        if (!await TryWriteAsync(() => _stores.Tables.Policies.AddEntityAsync(tenant, cancellationToken), tenantId, ids, cancellationToken))
        {
            return null; // registered concurrently: the next attempt renames
        }

        await _stores.Tables.Policies.AddEntityAsync(KeyEntity(tenantId, key, ids[1]), cancellationToken);
        await _stores.Audit.CompleteAsync(tenantId, ids, cancellationToken);
        _stores.Directory.ForgetTenant(tenantId);
        AdminLog.TenantRegistered(_logger, tenantId, key.KeyId);
        return new Registration(Created: true, displayName, key);
    }

    private async Task<bool> TryRenameAsync(string tenantId, TableEntity? existing, string displayName, string changedBy, CancellationToken cancellationToken)
    {
        var oldName = existing?[PolicyTable.DisplayName] as string;
        if (existing is not null && oldName == displayName)
        {
            return true;
        }

        if (existing is not null)
        {
            await _stores.Audit.ConfirmNamedAsync(tenantId, existing, cancellationToken);
        }

        var ids = await _stores.Audit.BeginAsync(tenantId, changedBy, [new AuditChange(AuditSettings.DisplayName, oldName, displayName)], cancellationToken);
        var change = new TableEntity(PolicyTable.TenantPartition, tenantId) { [PolicyTable.DisplayName] = displayName, [PolicyTable.LastChangeId] = ids[0] };
        Func<Task<Response>> write = existing is null
            ? () => _stores.Tables.Policies.AddEntityAsync(change, cancellationToken)
            : () => _stores.Tables.Policies.UpdateEntityAsync(change, existing.ETag, TableUpdateMode.Merge, cancellationToken);
        if (!await TryWriteAsync(write, tenantId, ids, cancellationToken))
        {
            return false;
        }

        await _stores.Audit.CompleteAsync(tenantId, ids, cancellationToken);
        AdminLog.TenantRenamed(_logger, tenantId);
        return true;
    }

    /// <summary>Runs a conditional write; when another change won the race, removes the pending entries and answers false.</summary>
    private async Task<bool> TryWriteAsync(Func<Task<Response>> write, string tenantId, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        try
        {
            await write();
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            await _stores.Audit.AbandonAsync(tenantId, ids, cancellationToken);
            return false;
        }
    }

    private Task<TableEntity?> ReadTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        _stores.Tables.Policies.FindAsync(PolicyTable.TenantPartition, tenantId, cancellationToken: cancellationToken);

    private TableEntity KeyEntity(string tenantId, IssuedKey key, string changeId) => new(PolicyTable.KeyPartition, IngestionKeys.Hash(key.Key))
    {
        [PolicyTable.TenantId] = tenantId,
        [PolicyTable.KeyId] = key.KeyId,
        [PolicyTable.CreatedAt] = _time.GetUtcNow(),
        [PolicyTable.Revoked] = false,
        [PolicyTable.LastChangeId] = changeId,
    };

    private static AuditChange KeyIssued(string keyId) => new(AuditSettings.Key, null, AuditSettings.KeyActive, KeyId: keyId);
}
