using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Telemetry.Core;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Administration;

/// <summary>Registers, renames, lists and deletes tenants and issues and revokes their ingestion keys, each change audited.</summary>
public sealed class TenantAdministration
{
    private const int MaxAttempts = 5;

    private readonly AdministrationStores _stores;
    private readonly TenantPurge _purge;
    private readonly TimeProvider _time;
    private readonly ILogger<TenantAdministration> _logger;

    internal TenantAdministration(AdministrationStores stores, TenantPurge purge, TimeProvider time, ILogger<TenantAdministration> logger)
    {
        _stores = stores;
        _purge = purge;
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
                if (existing is null && !await _stores.Audit.ShowsRegisteredAsync(tenantId, token))
                {
                    if (await DeletionPendingUntilAsync(tenantId, token) is { } purgeBefore)
                    {
                        return new Registration(Created: false, displayName, FirstKey: null, purgeBefore);
                    }

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
            if (entity is null && !await _stores.Audit.ShowsRegisteredAsync(tenantId, token))
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

    /// <summary>Registered tenants ordered by id, <paramref name="limit"/> at a time, after the tenant a continuation token names.</summary>
    public Task<TenantPage> ListAsync(int limit, string? after, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _stores.Resources.RunAsync(async token =>
        {
            var filter = after is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {PolicyTable.TenantPartition}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {PolicyTable.TenantPartition} and RowKey gt {after}");
            var tenants = new List<TenantSummary>(limit + 1);
            string[] columns = ["RowKey", PolicyTable.DisplayName, PolicyTable.CreatedAt];
            await foreach (var entity in _stores.Tables.Policies.QueryAsync<TableEntity>(filter, maxPerPage: limit + 1, select: columns, cancellationToken: token))
            {
                // An entity written by hand under an id the API cannot name is not a tenant of the API.
                if (Ids.IsValid(entity.RowKey))
                {
                    tenants.Add(new TenantSummary(entity.RowKey, entity[PolicyTable.DisplayName] as string, PolicyTable.AsTime(entity[PolicyTable.CreatedAt])));
                }

                if (tenants.Count > limit)
                {
                    break;
                }
            }

            var more = tenants.Count > limit;
            var shown = more ? tenants.GetRange(0, limit) : tenants;
            return new TenantPage(shown, more ? ContinuationToken.Encode(shown[^1].TenantId) : null);
        }, cancellationToken);
    }

    /// <summary>The tenant id a continuation token of <see cref="ListAsync"/> stands for; null when the token is not one.</summary>
    public static string? DecodeContinuation(string token) => ContinuationToken.Decode(token, Ids.IsValid);

    /// <summary>The tenant's pools that have a policy entity, ordered by id; null when the tenant is unknown.</summary>
    public Task<IReadOnlyList<PoolView>?> ListPoolsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _stores.Resources.RunAsync<IReadOnlyList<PoolView>?>(async token =>
        {
            if (!await ExistsCoreAsync(tenantId, token))
            {
                return null;
            }

            var pools = new List<PoolView>();
            var filter = PolicyTable.Filter(("PartitionKey", PolicyTable.PoolPartition(tenantId)));
            await foreach (var pool in _stores.Tables.Policies.QueryAsync<TableEntity>(filter, cancellationToken: token))
            {
                pools.Add(new PoolView(pool.RowKey, _stores.Reader.ReadSwitch(pool, PolicyTable.MeetingUxEnableTelemetry, safeValue: false)));
            }

            return pools;
        }, cancellationToken);

    /// <summary>
    /// Deletes the tenant; null when it is unknown. Written ahead like every change: (1) the tenantDeleted entry,
    /// pending; (2) the purge's first run, queued with a delay; (3) the deletion marker, which names the entry
    /// and holds the id until PurgeBefore; (4) its keys, pools and tenant entity deleted; (5) the entry applied.
    /// A process that dies after (3) leaves the rest to the purge, which removes the policies again; one that dies
    /// before it leaves a purge that finds no marker and gives up. The trail itself is kept.
    /// </summary>
    public Task<TenantDeletion?> DeleteAsync(string tenantId, string changedBy, CancellationToken cancellationToken = default) =>
        _stores.Resources.RunAsync<TenantDeletion?>(async token =>
        {
            var tenant = await ReadTenantAsync(tenantId, token);
            if (tenant is null && !await _stores.Audit.ShowsRegisteredAsync(tenantId, token))
            {
                return null;
            }

            if (tenant is not null)
            {
                await _stores.Audit.ConfirmNamedAsync(tenantId, tenant, token);
            }

            var ids = await _stores.Audit.BeginAsync(
                tenantId, changedBy, [new AuditChange(AuditSettings.TenantDeleted, tenant?[PolicyTable.DisplayName] as string, null)], token);
            var deletedAt = _time.GetUtcNow();
            var request = new PurgeRequest(tenantId, ids[0], deletedAt, deletedAt + _purge.PurgeWindow);
            await _purge.EnqueueAsync(request, TenantPurge.FirstRunDelay, token);
            var marker = new TableEntity(PolicyTable.DeletionPartition, tenantId)
            {
                [PolicyTable.DeletedAt] = deletedAt,
                [PolicyTable.PurgeBefore] = request.PurgeBefore,
                [PolicyTable.LastChangeId] = ids[0],
            };
            await _stores.Tables.Policies.UpsertEntityAsync(marker, TableUpdateMode.Replace, token);
            var (keysRevoked, policiesRemoved) = await _purge.RemovePoliciesAsync(tenantId, token);
            await _stores.Audit.CompleteAsync(tenantId, ids, token);
            AdminLog.TenantDeleted(_logger, tenantId, keysRevoked, policiesRemoved, request.PurgeBefore);
            return new TenantDeletion(tenantId, keysRevoked, policiesRemoved, request.PurgeBefore);
        }, cancellationToken);

    /// <summary>A tenant exists when its entity does, or (after a hand deletion of the entity) when its trail does.</summary>
    public Task<bool> ExistsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _stores.Resources.RunAsync(token => ExistsCoreAsync(tenantId, token), cancellationToken);

    internal async Task<bool> ExistsCoreAsync(string tenantId, CancellationToken cancellationToken) =>
        await ReadTenantAsync(tenantId, cancellationToken) is not null || await _stores.Audit.ShowsRegisteredAsync(tenantId, cancellationToken);

    private async Task<Registration?> TryRegisterAsync(string tenantId, string displayName, string changedBy, CancellationToken cancellationToken)
    {
        var key = new IssuedKey(IngestionKeys.NewKeyId(), IngestionKeys.NewKey());
        var ids = await _stores.Audit.BeginAsync(
            tenantId, changedBy, [new AuditChange(AuditSettings.DisplayName, null, displayName), KeyIssued(key.KeyId)], cancellationToken);
        var tenant = new TableEntity(PolicyTable.TenantPartition, tenantId)
        {
            [PolicyTable.DisplayName] = displayName,
            [PolicyTable.DisableAutomaticSendTracing] = false,
            [PolicyTable.CreatedAt] = _time.GetUtcNow(),
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

    /// <summary>When the id's pending deletion ends (its PurgeBefore), or null when no deletion holds it.</summary>
    private async Task<DateTimeOffset?> DeletionPendingUntilAsync(string tenantId, CancellationToken cancellationToken)
    {
        var marker = await _stores.Tables.Policies.FindAsync(PolicyTable.DeletionPartition, tenantId, [PolicyTable.PurgeBefore], cancellationToken);
        return PolicyTable.AsTime(marker?[PolicyTable.PurgeBefore]) is { } purgeBefore && purgeBefore > _time.GetUtcNow() ? purgeBefore : null;
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
