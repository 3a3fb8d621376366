namespace Telemetry.Core;

/// <summary>Wire names of <see cref="TelemetrySource"/>: <c>client</c>, <c>meetingsApp</c>, <c>joinLauncher</c>.</summary>
public static class TelemetrySources
{
    /// <summary>Every source, in declaration order.</summary>
    public static IReadOnlyList<TelemetrySource> All { get; } =
        [TelemetrySource.Client, TelemetrySource.MeetingsApp, TelemetrySource.JoinLauncher];

    /// <summary>Parses a wire name; exact and case-sensitive, as the contract spells it.</summary>
    public static bool TryParse(string? wire, out TelemetrySource source)
    {
        switch (wire)
        {
            case "client":
                source = TelemetrySource.Client;
                return true;
            case "meetingsApp":
                source = TelemetrySource.MeetingsApp;
                return true;
            case "joinLauncher":
                source = TelemetrySource.JoinLauncher;
                return true;
            default:
                source = default;
                return false;
        }
    }

    /// <summary>The wire name of a source.</summary>
    public static string ToWire(TelemetrySource source) => source switch
    {
        TelemetrySource.Client => "client",
        TelemetrySource.MeetingsApp => "meetingsApp",
        TelemetrySource.JoinLauncher => "joinLauncher",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown telemetry source."),
    };

    /// <summary>True for the sources governed by a pool's MeetingUxEnableTelemetry (a poolId is required).</summary>
    public static bool IsPoolScoped(TelemetrySource source) => source is TelemetrySource.MeetingsApp or TelemetrySource.JoinLauncher;
}
