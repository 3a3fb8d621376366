namespace Telemetry.Core;

/// <summary>The bounds of the ingestion contract (README, "The request").</summary>
public static class IngestionLimits
{
    /// <summary>Largest request body, counted after decompression.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Most records in one request.</summary>
    public const int MaxRecords = 500;

    /// <summary>Largest record, in UTF-8 bytes: both as sent and in its queued (compact, re-escaped) form.</summary>
    public const int MaxRecordBytes = 32 * 1024;

    /// <summary>Largest queue message text, in UTF-8 bytes (Azure Queue Storage's limit).</summary>
    public const int MaxQueueMessageBytes = 64 * 1024;

    /// <summary>Default length bound of a string field, in characters.</summary>
    public const int MaxStringLength = 256;

    /// <summary>Most entries in a flat object (features, networkQuality, deviceConfiguration).</summary>
    public const int MaxObjectEntries = 100;

    /// <summary>Oldest accepted record timestamp, relative to the time of the request.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    /// <summary>How far in the future a record timestamp may lie (client clock skew).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromHours(1);
}
