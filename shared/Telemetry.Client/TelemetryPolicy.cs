namespace Telemetry.Client;

/// <summary>What the service collects now from this client's tenant, source and pool (<c>GET /api/v1/policy</c>).</summary>
public sealed record TelemetryPolicy(Collection Census, Collection Usage, Collection Errors);

/// <summary>One category's answer: collected, not collected, or collected only from users who opted in.</summary>
public enum Collection
{
    On,
    Off,
    OptIn,
}
