namespace Telemetry.Functions.Ingestion;

/// <summary>Registers what the ingestion functions add to the application services.</summary>
internal static class IngestionServiceCollectionExtensions
{
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddSingleton<TenantRateLimiter>();
        services.AddSingleton<IngestionHandler>();
        return services;
    }
}
