using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Administration;

/// <summary>
/// The PolicyAudit table: one partition per tenant, RowKeys that sort newest first.
/// A change is never without its entry. The Policies and PolicyAudit tables cannot share a transaction,
/// so every change is written ahead: (1) its entry, marked pending; (2) the change itself, which stamps
/// the entry's id into the changed entity's LastChangeId (a key's entity carries its id too);
/// (3) the entry marked applied. A process that dies after (1) or (2), or a request cut off by its budget,
/// leaves a pending entry that <see cref="SettleAsync"/> resolves from the changed entity: if it names the
/// entry (or, for a new key, exists) the change happened and the entry becomes applied; otherwise, once no
/// request can still be carrying it out (<see cref="PendingGrace"/>), it never happened and the entry is removed.
/// </summary>
public sealed partial class AuditTrail
{
    /// <summary>Far longer than any admin request may take (its storage budget, and a write the service may still be carrying out).</summary>
    public static readonly TimeSpan PendingGrace = TimeSpan.FromMinutes(5);

    internal const string Pending = "pending";
    internal const string Applied = "applied";
    private static long _lastTicks;

    private readonly TelemetryTables _tables;
    private readonly PolicyReader _reader;
    private readonly StorageResources _resources;
    private readonly TimeProvider _time;

    internal AuditTrail(TelemetryTables tables, PolicyReader reader, StorageResources resources, TimeProvider time)
    {
        _tables = tables;
        _reader = reader;
        _resources = resources;
        _time = time;
    }

    /// <summary>Writes pending entries for changes to one tenant, atomically; returns their ids in order.</summary>
    internal async Task<IReadOnlyList<string>> BeginAsync(string tenantId, string changedBy, IReadOnlyList<AuditChange> changes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(changedBy);
        ArgumentNullException.ThrowIfNull(changes);
        var now = _time.GetUtcNow();
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

        await _tables.Audit.SubmitTransactionAsync(actions, cancellationToken);
        return ids;
    }

    /// <summary>Marks entries applied (step 3).</summary>
    internal async Task CompleteAsync(string tenantId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(ids);
        var actions = ids.Select(id => new TableTransactionAction(
            TableTransactionActionType.UpdateMerge, new TableEntity(tenantId, id) { [Columns.Status] = Applied }, ETag.All)).ToList();
        await _tables.Audit.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>Removes entries of changes that certainly did not happen (the change was refused).</summary>
    internal async Task AbandonAsync(string tenantId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            // An entry already settled by another request is gone: the SDK does not fail a delete of nothing.
            await _tables.Audit.DeleteEntityAsync(tenantId, id, ETag.All, cancellationToken);
        }
    }

    /// <summary>
    /// Marks applied the entry that an entity names as its last change. Called before the entity is changed
    /// again, so that the evidence is never overwritten while the entry is still pending.
    /// </summary>
    internal async Task ConfirmNamedAsync(string tenantId, TableEntity changed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (changed[PolicyTable.LastChangeId] is not string id || string.IsNullOrEmpty(id))
        {
            return;
        }

        var entry = await _tables.Audit.FindAsync(tenantId, id, [Columns.Status], cancellationToken);
        if (entry is not null && entry[Columns.Status] as string == Pending)
        {
            await CompleteAsync(tenantId, [id], cancellationToken);
        }
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

    private static TableEntity ToEntity(string tenantId, string id, DateTimeOffset now, string changedBy, AuditChange change)
    {
        var entity = new TableEntity(tenantId, id)
        {
            [Columns.ChangedAt] = now,
            [Columns.ChangedBy] = changedBy,
            [Columns.Setting] = change.Setting,
            [Columns.Status] = Pending,
        };
        AddIfPresent(entity, Columns.PoolId, change.PoolId);
        AddIfPresent(entity, Columns.KeyId, change.KeyId);
        AddIfPresent(entity, Columns.OldValue, change.OldValue);
        AddIfPresent(entity, Columns.NewValue, change.NewValue);
        return entity;
    }

    private static void AddIfPresent(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }

    /// <summary>The PolicyAudit entity's properties.</summary>
    internal static class Columns
    {
        public const string ChangedAt = "ChangedAt";
        public const string ChangedBy = "ChangedBy";
        public const string Setting = "Setting";
        public const string Status = "Status";
        public const string PoolId = "PoolId";
        public const string KeyId = "KeyId";
        public const string OldValue = "OldValue";
        public const string NewValue = "NewValue";
    }
}
