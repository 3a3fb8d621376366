namespace Telemetry.Core;

/// <summary>Where a batch of records comes from; wire names are camelCase (client, meetingsApp, joinLauncher).</summary>
public enum TelemetrySource
{
    /// <summary>Skype for Business / Teams desktop and mobile clients.</summary>
    Client,

    /// <summary>The Skype Meetings App (governed by the pool's MeetingUxEnableTelemetry).</summary>
    MeetingsApp,

    /// <summary>The join launcher web pages (governed by the pool's MeetingUxEnableTelemetry).</summary>
    JoinLauncher,
}
