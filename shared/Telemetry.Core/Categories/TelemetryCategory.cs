namespace Telemetry.Core;

/// <summary>The three kinds of telemetry the article names.</summary>
public enum TelemetryCategory
{
    /// <summary>Environment data; identifies nobody; always collected.</summary>
    Census,

    /// <summary>Feature usage; may identify the organization, never a user.</summary>
    Usage,

    /// <summary>Error reports; may carry personal data that the service pseudonymizes.</summary>
    Errors,
}
