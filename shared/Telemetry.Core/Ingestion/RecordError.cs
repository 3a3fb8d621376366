namespace Telemetry.Core;

/// <summary>
/// Why one record was rejected. <see cref="Id"/> is the record's id when it is a valid GUID;
/// <see cref="Message"/> never repeats a field's value (it may be personal data).
/// </summary>
public sealed record RecordError(int Index, string? Id, string Code, string? Field, string Message);

/// <summary>Machine-readable codes of <see cref="RecordError"/>.</summary>
public static class RecordErrorCodes
{
    /// <summary>A field the category does not define (schemas are allow-lists).</summary>
    public const string UnknownField = "unknown_field";

    /// <summary>A required field is absent (or null).</summary>
    public const string MissingField = "missing_field";

    /// <summary>A field has the wrong type or format, is repeated, or the record is not an object.</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>A census userId that is not a client-side hash: cleartext identity never enters census.</summary>
    public const string CleartextIdentifier = "cleartext_identifier";

    /// <summary>A field over its bound, or the record over <see cref="IngestionLimits.MaxRecordBytes"/>.</summary>
    public const string TooLarge = "too_large";

    /// <summary>A timestamp older than 7 days or more than 1 hour ahead.</summary>
    public const string TimestampOutOfRange = "timestamp_out_of_range";

    /// <summary>A Windows crash from the Meetings App or join launcher: Windows Error Reporting's job.</summary>
    public const string CrashNotCollected = "crash_not_collected";
}
