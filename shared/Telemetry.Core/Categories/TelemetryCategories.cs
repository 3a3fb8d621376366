namespace Telemetry.Core;

/// <summary>The names each category goes by on the wire, in queues and in tables.</summary>
public static class TelemetryCategories
{
    /// <summary>The census queue (constants, so that trigger attributes can name them).</summary>
    public const string CensusQueue = "telemetry-census";

    /// <summary>The usage queue.</summary>
    public const string UsageQueue = "telemetry-usage";

    /// <summary>The error-report queue.</summary>
    public const string ErrorsQueue = "telemetry-errors";

    /// <summary>Every category, in declaration order.</summary>
    public static IReadOnlyList<TelemetryCategory> All { get; } =
        [TelemetryCategory.Census, TelemetryCategory.Usage, TelemetryCategory.Errors];

    /// <summary>The queue that carries accepted records of the category.</summary>
    public static string QueueName(TelemetryCategory category) => category switch
    {
        TelemetryCategory.Census => CensusQueue,
        TelemetryCategory.Usage => UsageQueue,
        TelemetryCategory.Errors => ErrorsQueue,
        _ => throw Unknown(category),
    };

    /// <summary>The table that stores the category's pseudonymized rows.</summary>
    public static string TableName(TelemetryCategory category) => category switch
    {
        TelemetryCategory.Census => "Census",
        TelemetryCategory.Usage => "Usage",
        TelemetryCategory.Errors => "ErrorReports",
        _ => throw Unknown(category),
    };

    /// <summary>The last segment of the ingestion route (<c>/api/v1/{segment}</c>) and the wire name.</summary>
    public static string RouteSegment(TelemetryCategory category) => category switch
    {
        TelemetryCategory.Census => "census",
        TelemetryCategory.Usage => "usage",
        TelemetryCategory.Errors => "errors",
        _ => throw Unknown(category),
    };

    /// <summary>Parses a wire name (<c>census</c>, <c>usage</c>, <c>errors</c>); exact, case-sensitive.</summary>
    public static bool TryParse(string? wire, out TelemetryCategory category)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(wire, RouteSegment(candidate), StringComparison.Ordinal))
            {
                category = candidate;
                return true;
            }
        }

        category = default;
        return false;
    }

    private static ArgumentOutOfRangeException Unknown(TelemetryCategory category) =>
        new(nameof(category), category, "Unknown telemetry category.");
}
