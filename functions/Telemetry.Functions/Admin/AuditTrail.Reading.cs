using System.Text;
using Telemetry.Functions.Tenants;
using Telemetry.Storage;

namespace Telemetry.Functions.Admin;

/// <summary>Reading the trail page by page, newest first.</summary>
public sealed partial class AuditTrail
{
    /// <summary>A page of the tenant's trail, newest first, after settling what interrupted changes left behind.</summary>
    public async Task<AuditPage> ListAsync(string tenantId, int pageSize, string? after, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await SettleAsync(tenantId, cancellationToken);
        var filter = $"PartitionKey eq {Quote(tenantId)}" + (after is null ? string.Empty : $" and RowKey gt {Quote(after)}");
        var entries = new List<AuditEntry>(pageSize + 1);
        await foreach (var page in _tables.Audit.QueryAsync(filter, maxPerPage: pageSize + 1, cancellationToken: cancellationToken))
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
}
