namespace Telemetry.Core;

/// <summary>
/// The two switches that decide collection: the tenant's DisableAutomaticSendTracing and the pool's
/// MeetingUxEnableTelemetry. <see cref="Default"/> is what a missing entity or property means.
/// </summary>
public readonly record struct PolicySettings(bool DisableAutomaticSendTracing, bool MeetingUxEnableTelemetry)
{
    /// <summary>Defaults: tenant sends (DisableAutomaticSendTracing = false), pool collection off (MeetingUxEnableTelemetry = false).</summary>
    public static PolicySettings Default => new(DisableAutomaticSendTracing: false, MeetingUxEnableTelemetry: false);

    /// <summary>The privacy-safe answer for an unreadable value: collection off everywhere it can be.</summary>
    public static PolicySettings PrivacySafe => new(DisableAutomaticSendTracing: true, MeetingUxEnableTelemetry: false);
}
