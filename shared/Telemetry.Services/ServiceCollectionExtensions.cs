using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Services.Administration;
using Telemetry.Services.Diagnostics;
using Telemetry.Services.Ingestion;
using Telemetry.Services.Processing;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;

namespace Telemetry.Services;

/// <summary>The application services, registered once; the host adds a <see cref="Pseudonymizer"/> and tunes the options.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Storage clients from the <c>AzureWebJobsStorage</c> settings, the provisioner (a hosted service), the tenant
    /// directory, administration and its audit trail, tenant purges, ingestion, the table writer, storage health and the metrics.
    /// Tests may register their own <see cref="TelemetryQueues"/> or TelemetryTables first.
    /// </summary>
    public static IServiceCollection AddTelemetryServices(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddTelemetryStorage();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<TelemetryMetrics>();
        services.AddOptions<TenantDirectoryOptions>();
        services.AddOptions<TableWriterOptions>();
        services.AddOptions<TenantDeletionOptions>();

        services.TryAddSingleton(sp => new PolicyReader(sp.GetRequiredService<TelemetryTables>(), Logger<PolicyReader>(sp)));
        services.TryAddSingleton(sp => new TenantDirectory(
            sp.GetRequiredService<PolicyReader>(), sp.GetRequiredService<StorageResources>(),
            sp.GetRequiredService<IOptions<TenantDirectoryOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new AuditTrail(
            sp.GetRequiredService<TelemetryTables>(), sp.GetRequiredService<PolicyReader>(), sp.GetRequiredService<StorageResources>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new AdministrationStores(
            sp.GetRequiredService<TelemetryTables>(), sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<PolicyReader>(),
            sp.GetRequiredService<TenantDirectory>(), sp.GetRequiredService<StorageResources>()));
        services.TryAddSingleton(sp => new TenantPurge(
            sp.GetRequiredService<AdministrationStores>(), sp.GetRequiredService<TelemetryQueues>(), sp.GetRequiredService<IOptions<TenantDeletionOptions>>(),
            sp.GetRequiredService<TimeProvider>(), Logger<TenantPurge>(sp)));
        services.TryAddSingleton(sp => new TenantAdministration(
            sp.GetRequiredService<AdministrationStores>(), sp.GetRequiredService<TenantPurge>(), sp.GetRequiredService<TimeProvider>(),
            Logger<TenantAdministration>(sp)));
        services.TryAddSingleton(sp => new PolicyAdministration(
            sp.GetRequiredService<AdministrationStores>(), sp.GetRequiredService<TenantAdministration>(), Logger<PolicyAdministration>(sp)));
        services.TryAddSingleton(sp => new DemoTenant(
            sp.GetRequiredService<TelemetryTables>(), sp.GetRequiredService<StorageResources>(), sp.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton(sp => new QueueWriter(
            sp.GetRequiredService<TelemetryQueues>(), sp.GetRequiredService<StorageResources>(), Logger<QueueWriter>(sp)));
        services.TryAddSingleton(sp => new IngestionService(
            sp.GetRequiredService<TenantDirectory>(), sp.GetRequiredService<QueueWriter>(), sp.GetRequiredService<TelemetryMetrics>(),
            sp.GetRequiredService<TimeProvider>(), Logger<IngestionService>(sp)));
        services.TryAddSingleton(sp => new TableWriter(
            sp.GetRequiredService<TelemetryTables>(), sp.GetRequiredService<StorageResources>(), sp.GetRequiredService<Pseudonymizer>(),
            sp.GetRequiredService<TelemetryMetrics>(), sp.GetRequiredService<IOptions<TableWriterOptions>>(), Logger<TableWriter>(sp)));
        return services;
    }

    /// <summary>
    /// The Queue and Table service clients (Azure.Core retries from <see cref="StorageClientDefaults"/>, message encoding from
    /// <see cref="TelemetryQueues.MessageEncoding"/>), the service's queues and tables, their re-creation, the
    /// provisioner and the health check.
    /// </summary>
    public static IServiceCollection AddTelemetryStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => StorageSettings.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, sp) => sp.GetRequiredService<StorageSettings>().CreateQueueServiceClient(options))
                .ConfigureOptions(options => options.MessageEncoding = TelemetryQueues.MessageEncoding);
            clients.AddClient<TableServiceClient, TableClientOptions>((options, sp) => sp.GetRequiredService<StorageSettings>().CreateTableServiceClient(options));
            clients.ConfigureDefaults(StorageClientDefaults.Apply);
        });

        // Opening the clients here (not lazily per queue) makes a missing storage setting stop start-up.
        services.TryAddSingleton(sp => new TelemetryQueues(sp.GetRequiredService<QueueServiceClient>().GetQueueClient));
        services.TryAddSingleton(sp => new TelemetryTables(sp.GetRequiredService<TableServiceClient>().GetTableClient));
        services.TryAddSingleton(sp => new StorageResources(
            sp.GetRequiredService<TelemetryQueues>(), sp.GetRequiredService<TelemetryTables>(), Logger<StorageResources>(sp)));
        services.TryAddSingleton(sp => new StorageHealth(
            sp.GetRequiredService<TelemetryQueues>(), sp.GetRequiredService<TelemetryTables>(), sp.GetRequiredService<QueueServiceClient>(),
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageResources>(), Logger<StorageHealth>(sp)));
        services.TryAddSingleton<StorageProvisioner>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageProvisioner>());
        return services;
    }

    private static ILogger<T> Logger<T>(IServiceProvider services) => services.GetRequiredService<ILogger<T>>();
}
