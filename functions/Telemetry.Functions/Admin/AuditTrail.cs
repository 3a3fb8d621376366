using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Telemetry.Functions.Tenants;
using Telemetry.Storage;

namespace Telemetry.Functions.Admin;

/// <summary>
/// The PolicyAudit table: one partition per tenant, RowKeys that sort newest first.
/// A change is never without its entry. The Policies and PolicyAudit tables cannot share a transaction,
/// so every change is written ahead: (1) its entry, marked pending; (2) the change itself, which stamps
/// the entry's id into the changed entity's LastChangeId (a key's entity carries its id too);
/// (3) the entry marked applied. A process that dies after (1) or (2) leaves a pending entry that
/// <see cref="SettleAsync"/> resolves from the changed entity: if it names the entry (or, for a new key,
/// exists) the change happened and the entry becomes applied; otherwise, once no request can still be
/// carrying it out (<see cref="PendingGrace"/>), it never happened and the entry is removed.
/// </summary>
public sealed class AuditTrail(PolicyTables tables, TimeProvider time)
{
    /// <summary>Far longer than any admin request may take (<see cref="ChangeDeadline"/>).</summary>
    public static readonly TimeSpan PendingGrace = TimeSpan.FromMinutes(5);

    /// <summary>How long one admin change may take from its pending entry to its last write.</summary>
    public static readonly TimeSpan ChangeDeadline = TimeSpan.FromSeconds(60);

    private const string Pending = "pending";
    private static long _lastTicks;
    private const string Applied = "applied";

    /// <summary>Writes pending entries for changes to one tenant, atomically; returns their ids in order.</summary>
    public async Task<IReadOnlyList<string>> BeginAsync(string tenantId, string changedBy, IReadOnlyList<AuditChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(changedBy);
        ArgumentNullException.ThrowIfNull(changes);
        var now = time.GetUtcNow();
        var first = ReserveTicks(now.UtcTicks, changes.Count);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var actions = new List<TableTransactionAction>(changes.Count);
        var ids = new List<string>(changes.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            // Inverted ticks sort newest first; the nonce keeps ids of different instances apart.
            var inverted = DateTimeOffset.MaxValue.UtcTicks - (first + i);
            var id = string.Create(CultureInfo.InvariantCulture, $"{inverted:D19}-{nonce}");
            ids.Add(id);
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(tenantId, id, now, changedBy, changes[i])));
        }

        await tables.Audit.SubmitTransactionAsync(actions, cancellationToken);
        return ids;
    }

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive tick values, never below <paramref name="ticks"/> and always
    /// above any reserved before in this process, so that entries of one instance keep their order.
    /// </summary>
    private static long ReserveTicks(long ticks, int count)
    {
        while (true)
        {
            var last = Volatile.Read(ref _lastTicks);
            var first = Math.Max(ticks, last + 1);
            if (Interlocked.CompareExchange(ref _lastTicks, first + count - 1, last) == last)
            {
                return first;
            }
        }
    }

    /// <summary>Marks entries applied (step 3).</summary>
    public Task CompleteAsync(string tenantId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(ids);
        var actions = ids.Select(id => new TableTransactionAction(
            TableTransactionActionType.UpdateMerge, new TableEntity(tenantId, id) { ["Status"] = Applied }, "*")).ToList();
        return tables.Audit.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>Removes entries of changes that certainly did not happen (the change was refused).</summary>
    public async Task AbandonAsync(string tenantId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            try
            {
                await tables.Audit.DeleteEntityAsync(tenantId, id, "*", cancellationToken);
            }
            catch (StorageRequestException e) when (e.Status == StatusCodes.Status404NotFound)
            {
                // Already settled by another request.
            }
        }
    }

    /// <summary>
    /// Marks applied the entry that an entity names as its last change. Called before the entity is changed
    /// again, so that the evidence is never overwritten while the entry is still pending.
    /// </summary>
    public async Task ConfirmNamedAsync(string tenantId, TableEntity changed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (changed.GetValueOrDefault(PolicyTable.LastChangeId) is not string id || string.IsNullOrEmpty(id))
        {
            return;
        }

        var entry = await tables.Audit.GetEntityIfExistsAsync(tenantId, id, ["Status"], cancellationToken);
        if (entry is not null && entry.GetValueOrDefault("Status") as string == Pending)
        {
            await CompleteAsync(tenantId, [id], cancellationToken);
        }
    }

    /// <summary>Resolves the tenant's pending entries left behind by interrupted changes (see the class summary).</summary>
    public async Task SettleAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var filter = $"PartitionKey eq {Quote(tenantId)} and Status eq '{Pending}'";
        var pending = new List<TableEntity>();
        await foreach (var page in tables.Audit.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            pending.AddRange(page.Values);
        }

        var now = time.GetUtcNow();
        foreach (var entry in pending)
        {
            if (await HappenedAsync(tenantId, entry, cancellationToken))
            {
                await CompleteAsync(tenantId, [entry.RowKey], cancellationToken);
            }
            else if (PolicyTable.AsTime(entry.GetValueOrDefault("ChangedAt")) is not { } changedAt || now - changedAt >= PendingGrace)
            {
                await tables.Audit.DeleteEntityAsync(tenantId, entry.RowKey, entry.ETag ?? "*", cancellationToken);
            }
        }
    }

    /// <summary>True when the tenant has an applied change: a registration that went through, at least.</summary>
    public async Task<bool> HasAppliedEntriesAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var filter = $"PartitionKey eq {Quote(tenantId)} and Status eq '{Applied}'";
        await foreach (var page in tables.Audit.QueryAsync(filter, ["RowKey"], 1, cancellationToken))
        {
            if (page.Values.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A page of the tenant's trail, newest first, after settling what interrupted changes left behind.</summary>
    public async Task<AuditPage> ListAsync(string tenantId, int pageSize, string? after, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await SettleAsync(tenantId, cancellationToken);
        var filter = $"PartitionKey eq {Quote(tenantId)}" + (after is null ? string.Empty : $" and RowKey gt {Quote(after)}");
        var entries = new List<AuditEntry>(pageSize + 1);
        await foreach (var page in tables.Audit.QueryAsync(filter, maxPerPage: pageSize + 1, cancellationToken: cancellationToken))
        {
            entries.AddRange(page.Values.Select(FromEntity));
            if (entries.Count > pageSize)
            {
                break;
            }
        }

        var more = entries.Count > pageSize;
        var shown = more ? entries.GetRange(0, pageSize) : entries;
        return new AuditPage(shown, more ? EncodeContinuation(shown[^1].Id) : null);
    }

    /// <summary>The RowKey a continuation token stands for; null when the token is not one of ours.</summary>
    public static string? DecodeContinuation(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var rowKey = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return IsAuditRowKey(rowKey) ? rowKey : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string EncodeContinuation(string rowKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool IsAuditRowKey(string rowKey) =>
        rowKey.Length is > 20 and <= 40 && rowKey[19] == '-' &&
        rowKey.AsSpan(0, 19).ContainsAnyExceptInRange('0', '9') is false &&
        rowKey.AsSpan(20).ContainsAnyExcept("0123456789abcdef") is false;

    private async Task<bool> HappenedAsync(string tenantId, TableEntity entry, CancellationToken cancellationToken)
    {
        var setting = entry.GetValueOrDefault("Setting") as string;
        TableEntity? changed = setting switch
        {
            AuditSettings.Key => await FindKeyAsync(tenantId, entry.GetValueOrDefault("KeyId") as string, cancellationToken),
            AuditSettings.MeetingUxEnableTelemetry when entry.GetValueOrDefault("PoolId") is string poolId =>
                await tables.Policies.GetEntityIfExistsAsync(PolicyTable.PoolPartition(tenantId), poolId, [PolicyTable.LastChangeId], cancellationToken),
            AuditSettings.DisplayName or AuditSettings.DisableAutomaticSendTracing =>
                await tables.Policies.GetEntityIfExistsAsync(PolicyTable.TenantPartition, tenantId, [PolicyTable.LastChangeId], cancellationToken),
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
        await foreach (var page in tables.Policies.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            if (page.Values.Count > 0)
            {
                return page.Values[0];
            }
        }

        return null;
    }

    private static TableEntity ToEntity(string tenantId, string id, DateTimeOffset now, string changedBy, AuditChange change)
    {
        var entity = new TableEntity(tenantId, id)
        {
            ["ChangedAt"] = now,
            ["ChangedBy"] = changedBy,
            ["Setting"] = change.Setting,
            ["Status"] = Pending,
        };
        AddIfPresent(entity, "PoolId", change.PoolId);
        AddIfPresent(entity, "KeyId", change.KeyId);
        AddIfPresent(entity, "OldValue", change.OldValue);
        AddIfPresent(entity, "NewValue", change.NewValue);
        return entity;
    }

    private static void AddIfPresent(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    private static AuditEntry FromEntity(TableEntity entity) => new(
        entity.RowKey,
        PolicyTable.AsTime(entity.GetValueOrDefault("ChangedAt")) ?? entity.Timestamp ?? DateTimeOffset.MinValue,
        entity.GetValueOrDefault("ChangedBy") as string ?? "unknown",
        entity.GetValueOrDefault("Setting") as string ?? "unknown",
        entity.GetValueOrDefault("PoolId") as string,
        entity.GetValueOrDefault("KeyId") as string,
        entity.GetValueOrDefault("OldValue") as string,
        entity.GetValueOrDefault("NewValue") as string,
        entity.GetValueOrDefault("Status") as string ?? Applied);

    /// <summary>An OData string literal.</summary>
    internal static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
