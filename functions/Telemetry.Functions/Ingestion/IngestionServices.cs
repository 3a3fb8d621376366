using Telemetry.Services.Diagnostics;
using Telemetry.Services.Ingestion;
using Telemetry.Services.Tenants;

namespace Telemetry.Functions.Ingestion;

/// <summary>What the ingestion endpoints need, injected as one parameter.</summary>
public sealed record IngestionServices(
    TenantDirectory Tenants,
    IngestionService Ingestion,
    TenantRateLimiter RateLimiter,
    TelemetryMetrics Metrics,
    TimeProvider Time,
    ILogger<IngestionServices> Logger);
