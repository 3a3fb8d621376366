namespace Telemetry.Functions.Ingestion;

/// <summary>Registers what the ingestion endpoints add to the application services.</summary>
public static class IngestionServiceCollectionExtensions
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddSingleton<TenantRateLimiter>();
        return services;
    }
}
