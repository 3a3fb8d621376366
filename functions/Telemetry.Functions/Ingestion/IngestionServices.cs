using Telemetry.Functions.Diagnostics;
using Telemetry.Functions.Queues;
using Telemetry.Functions.Tenants;

namespace Telemetry.Functions.Ingestion;

/// <summary>What the ingestion endpoints need, injected as one parameter.</summary>
public sealed record IngestionServices(
    ITenantDirectory Tenants,
    TelemetryQueues Queues,
    TenantRateLimiter RateLimiter,
    TelemetryMetrics Metrics,
    TimeProvider Time,
    ILogger<IngestionServices> Logger);
