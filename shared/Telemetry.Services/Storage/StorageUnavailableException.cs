namespace Telemetry.Services.Storage;

/// <summary>Why a request's storage work did not happen.</summary>
public enum StorageFailure
{
    /// <summary>Storage refused or did not answer (after Azure.Core's retries).</summary>
    Unreachable,

    /// <summary>The request's storage budget ran out first.</summary>
    DeadlineExceeded,
}

/// <summary>A request's storage work that could not be done now; the caller may retry later.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(StorageFailure failure, Exception? innerException = null)
        : base(failure == StorageFailure.DeadlineExceeded
            ? "Storage did not answer within the request's budget."
            : "Storage could not be reached.", innerException)
    {
        Failure = failure;
    }

    public StorageUnavailableException()
        : this(StorageFailure.Unreachable)
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageFailure Failure { get; }
}
