using Telemetry.Core;

namespace Telemetry.Functions.Tenants;

/// <summary>
/// The ingestion path's view of the Policies table: which tenant an ingestion key belongs to, and the
/// switches that govern it. Answers may be cached, but never staler than the configured bound.
/// </summary>
public interface ITenantDirectory
{
    /// <summary>The tenant that owns <paramref name="apiKey"/>; null when the key is unknown or revoked.</summary>
    ValueTask<string?> FindTenantByKeyAsync(string apiKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tenant's DisableAutomaticSendTracing and, when <paramref name="poolId"/> is given, the pool's
    /// MeetingUxEnableTelemetry. Missing entities or properties read as defaults; unreadable values as the
    /// privacy-safe answer.
    /// </summary>
    ValueTask<PolicySettings> GetPolicyAsync(string tenantId, string? poolId, CancellationToken cancellationToken = default);
}
