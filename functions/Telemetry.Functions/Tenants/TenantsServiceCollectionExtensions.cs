using Microsoft.Extensions.DependencyInjection.Extensions;
using Telemetry.Functions.Admin;
using Telemetry.Storage;

namespace Telemetry.Functions.Tenants;

/// <summary>
/// Registers the tenant directory (keys and policies from the Policies table) with its cache, and the
/// administration services that change the same table.
/// </summary>
public static class TenantsServiceCollectionExtensions
{
    public static IServiceCollection AddTenants(this IServiceCollection services)
    {
        // Tests may register their own PolicyTables (for example tables with unique names) first.
        services.TryAddSingleton(sp =>
        {
            var account = sp.GetRequiredService<StorageAccount>();
            return new PolicyTables(account.GetTableClient(PolicyTable.TableName), account.GetTableClient(PolicyTable.AuditTableName));
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PolicyReader>();
        services.AddSingleton<CachedTenantDirectory>();
        services.AddSingleton<ITenantDirectory>(sp => sp.GetRequiredService<CachedTenantDirectory>());
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<TenantAdministration>();
        services.AddSingleton<PolicyAdministration>();
        services.AddSingleton<AdminKeyFilter>();
        return services;
    }
}
