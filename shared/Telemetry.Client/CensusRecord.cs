namespace Telemetry.Client;

/// <summary>
/// The device's environment (the service's census field table). Census identifies nobody: <see cref="UserId"/> is hashed on the device by
/// <see cref="TelemetryClient.TrackCensus"/> before the record is kept, so the clear id never leaves it.
/// </summary>
public sealed class CensusRecord
{
    public required string AppName { get; init; }

    public string? AppVersion { get; init; }

    public required string DeviceModel { get; init; }

    public required string OsName { get; init; }

    public required string OsVersion { get; init; }

    public required string UserLanguage { get; init; }

    /// <summary>The user's own id (for example a sign-in address), in clear: only its SHA-256 hash is sent.</summary>
    public required string UserId { get; init; }

    /// <summary>A random GUID generated once on the device and kept.</summary>
    public required Guid DeviceId { get; init; }

    public long? SignInAttempts { get; init; }

    public long? SignInFailures { get; init; }
}
