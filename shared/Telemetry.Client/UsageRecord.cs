namespace Telemetry.Client;

/// <summary>How the product was used (the service's usage field table). Carries no user identifier of any kind.</summary>
public sealed class UsageRecord
{
    public required string AppName { get; init; }

    public string? AppVersion { get; init; }

    public long? ImSent { get; init; }

    public long? ImReceived { get; init; }

    public long? CallsMade { get; init; }

    public long? MeetingJoinAttempts { get; init; }

    public long? MeetingJoinSuccesses { get; init; }

    public long? CallMinutes { get; init; }

    public long? MeetingMinutes { get; init; }

    /// <summary>The partner organization's registered name, kept in clear (at most 253 characters).</summary>
    public string? FederationPartner { get; init; }

    /// <summary>Feature name → how often it was used (at most 100 entries).</summary>
    public IReadOnlyDictionary<string, long>? Features { get; init; }

    public long? StabilityIssues { get; init; }
}
