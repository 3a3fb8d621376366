using Telemetry.Functions.Diagnostics;
using Telemetry.Functions.Queues;
using Telemetry.Functions.Tenants;

namespace Telemetry.Functions.Ingestion;

/// <summary>What the ingestion endpoints need, injected as one parameter.</summary>
public sealed class IngestionServices(
    ITenantDirectory tenants,
    TelemetryQueues queues,
    TenantRateLimiter rateLimiter,
    TelemetryMetrics metrics,
    TimeProvider time,
    ILogger<IngestionServices> logger)
{
    public ITenantDirectory Tenants { get; } = tenants;

    public TelemetryQueues Queues { get; } = queues;

    public TenantRateLimiter RateLimiter { get; } = rateLimiter;

    public TelemetryMetrics Metrics { get; } = metrics;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;
}
