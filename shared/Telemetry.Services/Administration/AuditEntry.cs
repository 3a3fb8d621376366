namespace Telemetry.Services.Administration;

/// <summary>The settings an audit entry can name.</summary>
public static class AuditSettings
{
    public const string DisplayName = "DisplayName";
    public const string DisableAutomaticSendTracing = "DisableAutomaticSendTracing";
    public const string MeetingUxEnableTelemetry = "MeetingUxEnableTelemetry";

    /// <summary>An ingestion key's state: old and new values are null, "active" or "revoked".</summary>
    public const string Key = "Key";

    /// <summary>The tenant was deleted: OldValue is its display name, NewValue null.</summary>
    public const string TenantDeleted = "tenantDeleted";

    public const string KeyActive = "active";
    public const string KeyRevoked = "revoked";
}

/// <summary>One change to record: which setting (of which pool or key), old and new value.</summary>
internal sealed record AuditChange(string Setting, string? OldValue, string? NewValue, string? PoolId = null, string? KeyId = null);

/// <summary>One row of a tenant's audit trail. <see cref="Status"/> is "applied", or "pending" while a change is in flight.</summary>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset ChangedAt,
    string ChangedBy,
    string Setting,
    string? PoolId,
    string? KeyId,
    string? OldValue,
    string? NewValue,
    string Status);

/// <summary>One page of a tenant's audit trail, newest first; <see cref="Continuation"/> is null on the last page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Continuation);
