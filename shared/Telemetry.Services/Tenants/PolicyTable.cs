using Azure.Data.Tables;

namespace Telemetry.Services.Tenants;

/// <summary>
/// The Policies table's layout (api.md), which admins may also edit by hand: tenants, pools and ingestion keys.
/// </summary>
internal static class PolicyTable
{
    public const string TenantPartition = "tenant";
    public const string KeyPartition = "key";

    /// <summary>Tenants being deleted: RowKey the tenant id, until their purge has run its course.</summary>
    public const string DeletionPartition = "deleted";

    public const string DisplayName = "DisplayName";
    public const string DisableAutomaticSendTracing = "DisableAutomaticSendTracing";
    public const string MeetingUxEnableTelemetry = "MeetingUxEnableTelemetry";
    public const string TenantId = "TenantId";
    public const string KeyId = "KeyId";
    public const string CreatedAt = "CreatedAt";
    public const string Revoked = "Revoked";
    public const string DeletedAt = "DeletedAt";
    public const string PurgeBefore = "PurgeBefore";

    /// <summary>The audit entry of the last change made through the API (links an entity to its audit trail).</summary>
    public const string LastChangeId = "LastChangeId";

    /// <summary>The partition that holds a tenant's pool policies ('|' cannot appear in an id).</summary>
    public static string PoolPartition(string tenantId) => "pool|" + tenantId;

    /// <summary>A DateTime property as written by the API or by hand.</summary>
    public static DateTimeOffset? AsTime(object? value) => value switch
    {
        DateTimeOffset time => time,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => null,
    };

    /// <summary>A query filter of property equalities, values quoted and escaped by the SDK.</summary>
    public static string Filter(params (string Property, string Value)[] equalities) =>
        string.Join(" and ", equalities.Select(e => $"{e.Property} eq {TableClient.CreateQueryFilter($"{e.Value}")}"));
}
