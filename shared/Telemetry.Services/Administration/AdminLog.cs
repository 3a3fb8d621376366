using Microsoft.Extensions.Logging;

namespace Telemetry.Services.Administration;

/// <summary>Log lines of administration. They name tenants and key ids, never keys, hashes or the admin key.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Tenant {TenantId} registered with key {KeyId}.")]
    public static partial void TenantRegistered(ILogger logger, string tenantId, string keyId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Tenant {TenantId} renamed.")]
    public static partial void TenantRenamed(ILogger logger, string tenantId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Key {KeyId} issued for tenant {TenantId}.")]
    public static partial void KeyIssued(ILogger logger, string tenantId, string keyId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Key {KeyId} of tenant {TenantId} revoked.")]
    public static partial void KeyRevoked(ILogger logger, string tenantId, string keyId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Tenant {TenantId}: {Setting} set to {Value}.")]
    public static partial void PolicyChanged(ILogger logger, string tenantId, string setting, bool value);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Tenant {TenantId} deleted: {KeysRevoked} keys revoked, {PoliciesRemoved} policy entities removed; its rows are purged until {PurgeBefore:O}.")]
    public static partial void TenantDeleted(ILogger logger, string tenantId, int keysRevoked, int policiesRemoved, DateTimeOffset purgeBefore);
}
