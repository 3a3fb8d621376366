namespace Telemetry.Core;

/// <summary>What happens to one record under the decision table.</summary>
public enum Verdict
{
    /// <summary>Queued and stored.</summary>
    Accept,

    /// <summary>Refused by policy: counted and answered, never queued, stored or logged. Not an error.</summary>
    Suppress,

    /// <summary>Never collected by this service whatever the policy (answered as a record error).</summary>
    Reject,
}

/// <summary>A verdict and, unless accepted, why: a <see cref="SuppressionReasons"/> value or a record error code.</summary>
public readonly record struct Decision(Verdict Verdict, string? Reason)
{
    /// <summary>The decision to collect the record.</summary>
    public static Decision Accept => new(Verdict.Accept, null);

    /// <summary>Suppression because of the named setting.</summary>
    public static Decision Suppress(string reason) => new(Verdict.Suppress, reason);

    /// <summary>Rejection with a record error code.</summary>
    public static Decision Reject(string code) => new(Verdict.Reject, code);
}

/// <summary>The settings a suppression names (the response's <c>suppressedReason</c>).</summary>
public static class SuppressionReasons
{
    /// <summary>The tenant turned usage and error reporting off.</summary>
    public const string DisableAutomaticSendTracing = "DisableAutomaticSendTracing";

    /// <summary>The pool does not collect Meetings App and join launcher telemetry.</summary>
    public const string MeetingUxEnableTelemetry = "MeetingUxEnableTelemetry";

    /// <summary>The user did not opt in to error reporting.</summary>
    public const string UserOptIn = "UserOptIn";
}
