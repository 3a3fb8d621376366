namespace Telemetry.Functions.Ingestion;

/// <summary>Ingestion log lines: counts and names only, never a key or a record's content.</summary>
public static partial class IngestionLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Queued {Accepted} {Category} records in {Messages} messages.")]
    public static partial void Queued(ILogger logger, int accepted, int messages, string category);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Could not write {Messages} messages to queue {Queue}; answered 503: {ExceptionType}: {Reason}")]
    public static partial void QueueWriteFailed(ILogger logger, string queue, int messages, string exceptionType, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Could not show the written messages of a split batch on queue {Queue} ({ExceptionType}); they become visible when their hiding ends.")]
    public static partial void QueueShowFailed(ILogger logger, string queue, string exceptionType);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error, Message = "Could not delete a message of a request answered 503 from queue {Queue} ({ExceptionType}); its records may be stored although the client retries them.")]
    public static partial void QueueCleanupFailed(ILogger logger, string queue, string exceptionType);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Rate limit reached for tenant {TenantId} on {Category}.")]
    public static partial void RateLimited(ILogger logger, string category, string tenantId);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "A {Category} body made validation throw {ExceptionType}; answered 400.")]
    public static partial void UnreadableEnvelope(ILogger logger, string category, string exceptionType);
}
