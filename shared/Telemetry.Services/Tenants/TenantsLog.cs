using Microsoft.Extensions.Logging;

namespace Telemetry.Services.Tenants;

/// <summary>Log lines of the tenant directory. They name entities and key ids, never keys or key hashes.</summary>
internal static partial class TenantsLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Policies entity {PartitionKey}/{RowKey}: property {Property} is not a boolean; using the privacy-safe value {SafeValue}.")]
    public static partial void UnreadablePolicy(ILogger logger, string partitionKey, string rowKey, string property, bool safeValue);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Ingestion key {KeyId}: property {Property} is unreadable; the key is refused.")]
    public static partial void UnreadableKey(ILogger logger, string keyId, string property);
}
