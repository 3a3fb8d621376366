namespace Telemetry.Functions.Ingestion;

/// <summary>Ingestion endpoint log lines: counts and names only, never a key or a record's content.</summary>
public static partial class IngestionLog
{
    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Rate limit reached for tenant {TenantId} on {Category}.")]
    public static partial void RateLimited(ILogger logger, string category, string tenantId);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "A {Category} body made validation throw {ExceptionType}; answered 400.")]
    public static partial void UnreadableEnvelope(ILogger logger, string category, string exceptionType);
}
