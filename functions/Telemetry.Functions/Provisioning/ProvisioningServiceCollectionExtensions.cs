namespace Telemetry.Functions.Provisioning;

/// <summary>Registers the start-up step that creates queues and tables.</summary>
public static class ProvisioningServiceCollectionExtensions
{
    public static IServiceCollection AddStorageProvisioning(this IServiceCollection services)
    {
        services.AddSingleton<StorageProvisioner>();
        services.AddHostedService(provider => provider.GetRequiredService<StorageProvisioner>());
        return services;
    }
}
