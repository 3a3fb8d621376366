using Telemetry.Functions.Diagnostics;
using Telemetry.Functions.Queues;
using Telemetry.Storage;

namespace Telemetry.Functions.Ingestion;

/// <summary>Registers what the ingestion endpoints use.</summary>
public static class IngestionServiceCollectionExtensions
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<TelemetryMetrics>();
        services.AddSingleton(provider => new TelemetryQueues(provider.GetRequiredService<StorageAccount>()));
        services.AddSingleton<TenantRateLimiter>();
        return services;
    }
}
