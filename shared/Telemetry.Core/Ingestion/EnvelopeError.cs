namespace Telemetry.Core;

/// <summary>A problem with the whole request body (answered 400); <see cref="Code"/> is one of <see cref="EnvelopeErrorCodes"/>.</summary>
public sealed record EnvelopeError(string Code, string Message);

/// <summary>Machine-readable codes of <see cref="EnvelopeError"/>.</summary>
public static class EnvelopeErrorCodes
{
    /// <summary>The body is not well-formed JSON (or not UTF-8).</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>The body is JSON but not an envelope: not an object, a missing or mistyped member, an unknown or repeated member.</summary>
    public const string InvalidEnvelope = "invalid_envelope";

    /// <summary><c>source</c> is not <c>client</c>, <c>meetingsApp</c> or <c>joinLauncher</c>.</summary>
    public const string InvalidSource = "invalid_source";

    /// <summary><c>poolId</c> is missing for a Meetings App or join launcher batch.</summary>
    public const string MissingPoolId = "missing_pool_id";

    /// <summary><c>poolId</c> does not match the id pattern.</summary>
    public const string InvalidPoolId = "invalid_pool_id";

    /// <summary>More records than <see cref="IngestionLimits.MaxRecords"/>.</summary>
    public const string TooManyRecords = "too_many_records";

    /// <summary>An empty <c>records</c> array.</summary>
    public const string NoRecords = "no_records";
}
