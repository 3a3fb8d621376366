namespace Telemetry.Client;

/// <summary>Which kind of product sends the records; it decides which policy switches apply (the service's decision table).</summary>
public enum TelemetrySource
{
    /// <summary>The desktop and mobile apps: governed by the tenant's DisableAutomaticSendTracing and the user's opt-in.</summary>
    Client,

    /// <summary>The Meetings App: governed by the pool's MeetingUxEnableTelemetry; needs a pool id.</summary>
    MeetingsApp,

    /// <summary>The join launcher web pages: governed by the pool's MeetingUxEnableTelemetry; needs a pool id.</summary>
    JoinLauncher,
}
