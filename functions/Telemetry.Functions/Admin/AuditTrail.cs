using System.Globalization;
using System.Security.Cryptography;
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
public sealed partial class AuditTrail
{
    /// <summary>Far longer than any admin request may take (<see cref="ChangeDeadline"/>).</summary>
    public static readonly TimeSpan PendingGrace = TimeSpan.FromMinutes(5);

    /// <summary>How long one admin change may take from its pending entry to its last write.</summary>
    public static readonly TimeSpan ChangeDeadline = TimeSpan.FromSeconds(60);

    private const string Pending = "pending";
    private const string Applied = "applied";
    private static long _lastTicks;

    private readonly PolicyTables _tables;
    private readonly TimeProvider _time;

    public AuditTrail(PolicyTables tables, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(time);
        _tables = tables;
        _time = time;
    }

    /// <summary>Writes pending entries for changes to one tenant, atomically; returns their ids in order.</summary>
    public async Task<IReadOnlyList<string>> BeginAsync(string tenantId, string changedBy, IReadOnlyList<AuditChange> changes, CancellationToken cancellationToken = default)
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
    public Task CompleteAsync(string tenantId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentNullException.ThrowIfNull(ids);
        var actions = ids.Select(id => new TableTransactionAction(
            TableTransactionActionType.UpdateMerge, new TableEntity(tenantId, id) { ["Status"] = Applied }, "*")).ToList();
        return _tables.Audit.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>Removes entries of changes that certainly did not happen (the change was refused).</summary>
    public async Task AbandonAsync(string tenantId, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            try
            {
                await _tables.Audit.DeleteEntityAsync(tenantId, id, "*", cancellationToken);
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

        var entry = await _tables.Audit.GetEntityIfExistsAsync(tenantId, id, ["Status"], cancellationToken);
        if (entry is not null && entry.GetValueOrDefault("Status") as string == Pending)
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

    /// <summary>An OData string literal.</summary>
    internal static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
