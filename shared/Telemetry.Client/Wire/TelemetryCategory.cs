namespace Telemetry.Client.Wire;

/// <summary>The three categories, each with its own route.</summary>
internal enum TelemetryCategory
{
    Census,
    Usage,
    Errors,
}

internal static class TelemetryCategories
{
    public static readonly TelemetryCategory[] All = [TelemetryCategory.Census, TelemetryCategory.Usage, TelemetryCategory.Errors];

    /// <summary>The category's name on the wire: its route segment, its policy property and its metric tag.</summary>
    public static string Name(this TelemetryCategory category) => category switch
    {
        TelemetryCategory.Census => "census",
        TelemetryCategory.Usage => "usage",
        _ => "errors",
    };

    public static string WireName(this TelemetrySource source) => source switch
    {
        TelemetrySource.MeetingsApp => "meetingsApp",
        TelemetrySource.JoinLauncher => "joinLauncher",
        _ => "client",
    };
}
