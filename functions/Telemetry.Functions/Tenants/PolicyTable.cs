using System.Text.RegularExpressions;

namespace Telemetry.Functions.Tenants;

/// <summary>
/// The Policies table's layout, which admins may also edit by hand: tenants, pools and ingestion keys.
/// </summary>
public static partial class PolicyTable
{
    public const string TableName = "Policies";
    public const string AuditTableName = "PolicyAudit";

    public const string TenantPartition = "tenant";
    public const string KeyPartition = "key";

    public const string DisplayName = "DisplayName";
    public const string DisableAutomaticSendTracing = "DisableAutomaticSendTracing";
    public const string MeetingUxEnableTelemetry = "MeetingUxEnableTelemetry";
    public const string TenantId = "TenantId";
    public const string KeyId = "KeyId";
    public const string CreatedAt = "CreatedAt";
    public const string Revoked = "Revoked";

    /// <summary>The audit entry of the last change made through the API (links an entity to its audit trail).</summary>
    public const string LastChangeId = "LastChangeId";

    /// <summary>The partition that holds a tenant's pool policies.</summary>
    public static string PoolPartition(string tenantId) => "pool|" + tenantId;

    /// <summary>Tenant and pool ids: a letter or digit, then up to 127 letters, digits, dots, underscores or dashes.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>A DateTime property as written by the API (DateTimeOffset) or by hand (a UTC DateTime).</summary>
    public static DateTimeOffset? AsTime(object? value) => value switch
    {
        DateTimeOffset time => time,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => null,
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IdPattern();
}
