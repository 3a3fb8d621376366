namespace Telemetry.Client;

/// <summary>
/// An error report (the service's error-report field table). It may carry personal data (<see cref="UserId"/>, <see cref="SipUri"/>,
/// <see cref="IpAddress"/>), which the service hashes before storing; it is sent only when the tenant allows error
/// reporting and, for <see cref="TelemetrySource.Client"/>, only when the user opted in
/// (<see cref="TelemetryClient.ErrorReportingOptIn"/>).
/// </summary>
public sealed class ErrorRecord
{
    public required string AppName { get; init; }

    public required string ErrorCode { get; init; }

    public string? AppVersion { get; init; }

    public ErrorKind? Kind { get; init; }

    public ClientPlatform? Platform { get; init; }

    public MessageDirection? MessageDirection { get; init; }

    public string? ConversationState { get; init; }

    public string? ConversationThreadId { get; init; }

    public string? UserId { get; init; }

    public string? SipUri { get; init; }

    public string? IpAddress { get; init; }

    /// <summary>At most 8 KiB of UTF-8.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>At most 16 KiB of UTF-8.</summary>
    public string? Exception { get; init; }

    /// <summary>Flat name → value (string, number or bool), at most 100 entries.</summary>
    public IReadOnlyDictionary<string, object>? NetworkQuality { get; init; }

    /// <summary>Flat name → value (string, number or bool), at most 100 entries.</summary>
    public IReadOnlyDictionary<string, object>? DeviceConfiguration { get; init; }
}

public enum ErrorKind
{
    Error,
    Crash,
}

public enum ClientPlatform
{
    Windows,
    Mac,
    Ios,
    Android,
    Web,
    Linux,
}

public enum MessageDirection
{
    Incoming,
    Outgoing,
}
