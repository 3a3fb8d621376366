namespace Telemetry.Storage;

/// <summary>A storage request that the service refused: the HTTP status and the x-ms-error-code.</summary>
public class StorageRequestException : Exception
{
    public StorageRequestException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public StorageRequestException()
        : this(0, null, "Storage request failed.")
    {
    }

    public StorageRequestException(string message)
        : this(0, null, message)
    {
    }

    public StorageRequestException(string message, Exception innerException)
        : this(0, null, message, innerException)
    {
    }

    /// <summary>The HTTP status; 0 when no answer arrived.</summary>
    public int Status { get; }

    /// <summary>The x-ms-error-code (for example QueueNotFound, PopReceiptMismatch, UpdateConditionNotSatisfied).</summary>
    public string? ErrorCode { get; }
}

/// <summary>An entity group transaction that the service rolled back because one operation failed.</summary>
public sealed class TableTransactionFailedException : StorageRequestException
{
    public TableTransactionFailedException(int status, string? errorCode, int failedIndex, string message)
        : base(status, errorCode, message)
    {
        FailedIndex = failedIndex;
    }

    /// <summary>The 0-based index of the operation that failed.</summary>
    public int FailedIndex { get; }
}
