using System.Globalization;

namespace Telemetry.Core;

/// <summary>
/// PartitionKeys of the telemetry tables: the UTC date of the event (Census), or the tenant and that date
/// (Usage, ErrorReports), with a stable shard suffix from the record id so one busy day is spread over
/// <see cref="ShardCount"/> partitions. Examples: <c>2026-11-20|5</c>, <c>contoso|2026-11-20|5</c>.
/// Ids of tenants cannot contain '|', so the parts never run together.
/// </summary>
public static class PartitionKeys
{
    /// <summary>Partitions per day (and tenant).</summary>
    public const int ShardCount = 8;

    /// <summary>The Census PartitionKey: no tenant, no pool.</summary>
    public static string Census(DateTimeOffset eventTime, Guid recordId) =>
        string.Create(CultureInfo.InvariantCulture, $"{Day(eventTime)}|{Shard(recordId)}");

    /// <summary>The Usage and ErrorReports PartitionKey.</summary>
    public static string ForTenant(string tenantId, DateTimeOffset eventTime, Guid recordId) =>
        string.Create(CultureInfo.InvariantCulture, $"{tenantId}|{Day(eventTime)}|{Shard(recordId)}");

    /// <summary>The shard of a record: its id's bytes folded together, so it never changes between runs.</summary>
    public static int Shard(Guid recordId)
    {
        Span<byte> bytes = stackalloc byte[16];
        recordId.TryWriteBytes(bytes);
        var folded = 0;
        foreach (var b in bytes)
        {
            folded ^= b;
        }

        return folded % ShardCount;
    }

    private static string Day(DateTimeOffset eventTime) =>
        eventTime.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
