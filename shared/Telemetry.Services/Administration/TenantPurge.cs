using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Administration;

/// <summary>
/// One deletion's purge, as its queue message carries it. <see cref="DeletionId"/> is the id of the deletion's
/// audit entry, which the tenant's deletion marker names while that deletion is the one under way.
/// </summary>
public sealed record PurgeRequest(string TenantId, string DeletionId, DateTimeOffset DeletedAt, DateTimeOffset PurgeBefore)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToMessage() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a purge message; throws <see cref="FormatException"/> when it is not one.</summary>
    public static PurgeRequest Parse(string messageText)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        PurgeRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<PurgeRequest>(messageText, Json);
        }
        catch (JsonException e)
        {
            throw new FormatException("Not a purge message.", e);
        }

        return request is not null && Ids.IsValid(request.TenantId) && !string.IsNullOrEmpty(request.DeletionId) && request.PurgeBefore > request.DeletedAt
            ? request
            : throw new FormatException("Not a purge message.");
    }
}

/// <summary>What one run of a purge did, and whether another run follows.</summary>
public enum PurgeOutcome
{
    /// <summary>The deletion that queued the purge is not (yet) recorded: the purge waits for it.</summary>
    Waiting,

    /// <summary>The run deleted as many rows as one run may: the next run follows at once.</summary>
    Continuing,

    /// <summary>Every row there is now is gone; records still queued may land until PurgeBefore, so it runs again.</summary>
    Sweeping,

    /// <summary>The last sweep after PurgeBefore is done, and the tenant id may be registered again.</summary>
    Finished,

    /// <summary>The deletion never happened (or another one replaced it): nothing to purge.</summary>
    Abandoned,
}

/// <summary>The outcome of one run and the rows it deleted.</summary>
public sealed record PurgeRun(PurgeOutcome Outcome, int RowsDeleted);

/// <summary>How long a deleted tenant's rows are purged for.</summary>
public sealed class TenantDeletionOptions
{
    /// <summary>
    /// The longest a record accepted before the deletion may still take to land in its table. host.json lets a
    /// message be delivered 5 times, each invocation running up to 5 minutes, 30 s apart: 27.5 minutes.
    /// </summary>
    public TimeSpan PurgeWindow { get; set; } = TimeSpan.FromMinutes(30);
}

/// <summary>
/// Purges a deleted tenant in the background, one queue message at a time. A run removes what is left of the
/// tenant's Policies entities, then deletes its Usage and ErrorReports rows by PartitionKey range
/// (<c>&lt;tenant&gt;|…</c>) in entity group transactions, and queues the next run: at once when it stopped at
/// <see cref="MaxRowsPerRun"/>, otherwise a while later until PurgeBefore has passed, because records accepted
/// before the deletion may still be in the category queues. Every step deletes what is still there, so a run
/// that died is simply run again and continues. Only rows accepted before PurgeBefore are deleted: the id may be
/// registered anew after it, and the new tenant's rows stay. Census rows name no tenant and are never touched.
/// </summary>
public sealed partial class TenantPurge
{
    /// <summary>Keeps one run well within the host's function timeout; the next run continues.</summary>
    public const int MaxRowsPerRun = 20_000;

    /// <summary>
    /// The first run waits longer than the deleting request may take (its storage budget), so that it finds the
    /// request's own work done; a run that still finds no deletion marker waits this long again.
    /// </summary>
    public static readonly TimeSpan FirstRunDelay = TimeSpan.FromSeconds(10);

    private static readonly TelemetryCategory[] PurgedCategories = [TelemetryCategory.Usage, TelemetryCategory.Errors];

    private readonly AdministrationStores _stores;
    private readonly TelemetryQueues _queues;
    private readonly TimeProvider _time;
    private readonly ILogger<TenantPurge> _logger;

    internal TenantPurge(AdministrationStores stores, TelemetryQueues queues, IOptions<TenantDeletionOptions> options, TimeProvider time, ILogger<TenantPurge> logger)
    {
        _stores = stores;
        _queues = queues;
        _time = time;
        _logger = logger;
        PurgeWindow = options.Value.PurgeWindow;
    }

    /// <summary>How long after a deletion its purge runs (and the id stays reserved).</summary>
    public TimeSpan PurgeWindow { get; }

    /// <summary>How long a purge waits between two sweeps: a tenth of the window, from 1 second to 5 minutes.</summary>
    public TimeSpan SweepInterval => TimeSpan.FromTicks(Math.Clamp(PurgeWindow.Ticks / 10, TimeSpan.TicksPerSecond, TimeSpan.FromMinutes(5).Ticks));

    /// <summary>Runs one message of a purge; throws <see cref="FormatException"/> when the message is not one.</summary>
    public Task<PurgeRun> RunAsync(string messageText, CancellationToken cancellationToken = default)
    {
        var request = PurgeRequest.Parse(messageText);
        return _stores.Resources.RunAsync(token => RunCoreAsync(request, token), cancellationToken);
    }

    /// <summary>Queues a run of the purge, visible after <paramref name="delay"/>.</summary>
    internal Task EnqueueAsync(PurgeRequest request, TimeSpan delay, CancellationToken cancellationToken) =>
        _queues.TenantPurge.SendMessageAsync(request.ToMessage(), delay, TelemetryQueues.MessageTimeToLive, cancellationToken);

    /// <summary>
    /// Deletes the tenant's key, pool and tenant entities; answers how many keys stopped working (those not already
    /// revoked) and how many policy entities went. This instance forgets them at once; others within the cache bound.
    /// </summary>
    internal async Task<(int KeysRevoked, int PoliciesRemoved)> RemovePoliciesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var policies = _stores.Tables.Policies;
        var keys = new List<TableEntity>();
        var keyFilter = PolicyTable.Filter(("PartitionKey", PolicyTable.KeyPartition), (PolicyTable.TenantId, tenantId));
        await foreach (var key in policies.QueryAsync<TableEntity>(keyFilter, cancellationToken: cancellationToken))
        {
            keys.Add(key);
        }

        var pools = new List<TableEntity>();
        var poolFilter = PolicyTable.Filter(("PartitionKey", PolicyTable.PoolPartition(tenantId)));
        await foreach (var pool in policies.QueryAsync<TableEntity>(poolFilter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            pools.Add(pool);
        }

        var tenant = await policies.FindAsync(PolicyTable.TenantPartition, tenantId, ["PartitionKey", "RowKey"], cancellationToken);
        await policies.DeleteAllAsync([.. keys, .. pools, .. tenant is null ? Array.Empty<TableEntity>() : [tenant]], cancellationToken);

        foreach (var key in keys)
        {
            _stores.Directory.ForgetKey(key.RowKey);
        }

        foreach (var pool in pools)
        {
            _stores.Directory.ForgetPool(tenantId, pool.RowKey);
        }

        _stores.Directory.ForgetTenant(tenantId);
        var revoked = keys.Count(key => _stores.Reader.InterpretKey(key) is { Revoked: false });
        return (revoked, pools.Count + (tenant is null ? 0 : 1));
    }

    private async Task<PurgeRun> RunCoreAsync(PurgeRequest request, CancellationToken cancellationToken)
    {
        var marker = await _stores.Tables.Policies.FindAsync(PolicyTable.DeletionPartition, request.TenantId, cancellationToken: cancellationToken);
        var now = _time.GetUtcNow();
        if (marker?[PolicyTable.LastChangeId] as string != request.DeletionId)
        {
            // The deleting request queues the purge before it writes the marker; until it can no longer be under
            // way (the audit trail's grace), a missing marker may still come.
            if (now < request.DeletedAt + AuditTrail.PendingGrace && now < request.PurgeBefore)
            {
                await EnqueueAsync(request, FirstRunDelay, cancellationToken);
                return new PurgeRun(PurgeOutcome.Waiting, 0);
            }

            LogPurgeAbandoned(_logger, request.TenantId);
            return new PurgeRun(PurgeOutcome.Abandoned, 0);
        }

        // Until PurgeBefore the id cannot be registered again, so whatever Policies holds for it is the deleted tenant's.
        if (now < request.PurgeBefore)
        {
            await RemovePoliciesAsync(request.TenantId, cancellationToken);
        }

        var deleted = 0;
        foreach (var category in PurgedCategories)
        {
            deleted += await DeleteRowsAsync(_stores.Tables.For(category), request, MaxRowsPerRun - deleted, cancellationToken);
            if (deleted >= MaxRowsPerRun)
            {
                await EnqueueAsync(request, TimeSpan.Zero, cancellationToken);
                LogPurgeContinues(_logger, request.TenantId, deleted);
                return new PurgeRun(PurgeOutcome.Continuing, deleted);
            }
        }

        if (now < request.PurgeBefore)
        {
            var wait = request.PurgeBefore - now;
            await EnqueueAsync(request, wait < SweepInterval ? wait : SweepInterval, cancellationToken);
            LogPurgeSwept(_logger, request.TenantId, deleted, request.PurgeBefore);
            return new PurgeRun(PurgeOutcome.Sweeping, deleted);
        }

        // The last sweep began after PurgeBefore: the id is free (a new registration does not need the marker gone).
        try
        {
            await _stores.Tables.Policies.DeleteEntityAsync(marker!.PartitionKey, marker.RowKey, marker.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            // A later deletion of a new tenant with this id owns the marker now.
        }

        LogPurgeFinished(_logger, request.TenantId, deleted);
        return new PurgeRun(PurgeOutcome.Finished, deleted);
    }

    /// <summary>Deletes up to <paramref name="limit"/> of the tenant's rows accepted before PurgeBefore, page by page.</summary>
    private static async Task<int> DeleteRowsAsync(TableClient table, PurgeRequest request, int limit, CancellationToken cancellationToken)
    {
        // A tenant's PartitionKeys are "<tenant>|<day>|<shard>"; '}' follows '|', and no id character sorts after '|'.
        var from = request.TenantId + "|";
        var to = request.TenantId + "}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and AcceptedAt lt {request.PurgeBefore}");
        var deleted = 0;
        var rows = table.QueryAsync<TableEntity>(filter, maxPerPage: RowTransactions.MaxOperations * 10, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        await foreach (var page in rows.AsPages())
        {
            // Deleting what a page returned leaves the continuation, which points past it, valid.
            await table.DeleteAllAsync(page.Values, cancellationToken);
            deleted += page.Values.Count;
            if (deleted >= limit)
            {
                break;
            }
        }

        return deleted;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Purge of tenant {TenantId}: {Rows} rows deleted; the next run continues at once.")]
    private static partial void LogPurgeContinues(ILogger logger, string tenantId, int rows);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Purge of tenant {TenantId}: {Rows} rows deleted; sweeping again until {PurgeBefore:O}.")]
    private static partial void LogPurgeSwept(ILogger logger, string tenantId, int rows, DateTimeOffset purgeBefore);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Purge of tenant {TenantId} finished: {Rows} rows deleted in the last sweep.")]
    private static partial void LogPurgeFinished(ILogger logger, string tenantId, int rows);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Purge of tenant {TenantId} abandoned: its deletion is not recorded.")]
    private static partial void LogPurgeAbandoned(ILogger logger, string tenantId);
}
