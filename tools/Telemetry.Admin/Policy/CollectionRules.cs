namespace Telemetry.Admin.Policy;

/// <summary>What one source sends under the two switches: each category "on", "off" or (client errors) "opt-in".</summary>
internal sealed record Collected(string Source, string? PoolId, string Census, string Usage, string Errors);

/// <summary>The decision table of the collection rules, read from the admin's side (the same answers as <c>GET /api/v1/policy</c>).</summary>
internal static class CollectionRules
{
    public const string On = "on";
    public const string Off = "off";
    public const string OptIn = "opt-in";

    /// <summary>The desktop and mobile apps: census always; usage unless DisableAutomaticSendTracing; errors also need the user's opt-in.</summary>
    public static Collected Client(bool disableAutomaticSendTracing) =>
        new("client", null, On, disableAutomaticSendTracing ? Off : On, disableAutomaticSendTracing ? Off : OptIn);

    /// <summary>The Meetings App or the join launcher of one pool: nothing unless MeetingUxEnableTelemetry; usage and errors also need DisableAutomaticSendTracing off.</summary>
    public static Collected Pool(string source, string poolId, bool disableAutomaticSendTracing, bool meetingUxEnableTelemetry)
    {
        var rest = meetingUxEnableTelemetry && !disableAutomaticSendTracing ? On : Off;
        return new(source, poolId, meetingUxEnableTelemetry ? On : Off, rest, rest);
    }

    public static readonly string[] PoolSources = ["meetingsApp", "joinLauncher"];
}
