using Azure.Data.Tables;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services.Administration;

/// <summary>Reading the trail page by page, newest first.</summary>
public sealed partial class AuditTrail
{
    /// <summary>A page of the tenant's trail, newest first, after settling what interrupted changes left behind.</summary>
    public Task<AuditPage> ListAsync(string tenantId, int pageSize, string? after, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        return _resources.RunAsync(token => ReadPageAsync(tenantId, pageSize, after, token), cancellationToken);
    }

    /// <summary>The RowKey a continuation token stands for; null when the token is not one of ours.</summary>
    public static string? DecodeContinuation(string token) => ContinuationToken.Decode(token, IsAuditRowKey);

    private async Task<AuditPage> ReadPageAsync(string tenantId, int pageSize, string? after, CancellationToken cancellationToken)
    {
        await SettleAsync(tenantId, cancellationToken);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {after}");
        var entries = new List<AuditEntry>(pageSize + 1);
        await foreach (var entity in _tables.Audit.QueryAsync<TableEntity>(filter, maxPerPage: pageSize + 1, cancellationToken: cancellationToken))
        {
            entries.Add(FromEntity(entity));
            if (entries.Count > pageSize)
            {
                break;
            }
        }

        var more = entries.Count > pageSize;
        var shown = more ? entries.GetRange(0, pageSize) : entries;
        return new AuditPage(shown, more ? ContinuationToken.Encode(shown[^1].Id) : null);
    }

    private static bool IsAuditRowKey(string rowKey) =>
        rowKey.Length is > 20 and <= 40 && rowKey[19] == '-' &&
        rowKey.AsSpan(0, 19).ContainsAnyExceptInRange('0', '9') is false &&
        rowKey.AsSpan(20).ContainsAnyExcept("0123456789abcdef") is false;

    private static AuditEntry FromEntity(TableEntity entity) => new(
        entity.RowKey,
        PolicyTable.AsTime(entity[Columns.ChangedAt]) ?? entity.Timestamp ?? DateTimeOffset.MinValue,
        entity[Columns.ChangedBy] as string ?? "unknown",
        entity[Columns.Setting] as string ?? "unknown",
        entity[Columns.PoolId] as string,
        entity[Columns.KeyId] as string,
        entity[Columns.OldValue] as string,
        entity[Columns.NewValue] as string,
        entity[Columns.Status] as string ?? Applied);
}
