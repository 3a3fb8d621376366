using Microsoft.Extensions.Logging;

namespace Telemetry.Services.Ingestion;

/// <summary>Ingestion log lines: counts and names only, never a key or a record's content.</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Queued {Accepted} {Category} records in {Messages} messages.")]
    public static partial void Queued(ILogger logger, int accepted, int messages, string category);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Could not write {Messages} messages to queue {Queue}; answered 503: {Reason}")]
    public static partial void QueueWriteFailed(ILogger logger, string queue, int messages, string reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "Could not show the written messages of a split batch on queue {Queue} ({Reason}); they become visible when their hiding ends.")]
    public static partial void QueueShowFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error, Message = "Could not delete a message of a request answered 503 from queue {Queue} ({Reason}); its records may be stored although the client retries them.")]
    public static partial void QueueCleanupFailed(ILogger logger, string queue, string reason);
}
