using System.Collections.Concurrent;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Core;
using Telemetry.Services.Storage;
using Telemetry.Services.Tenants;
using Telemetry.Testing;

namespace Telemetry.Services.Tests.Support;

/// <summary>
/// The application services as the app registers them, on Azurite (the shared one unless a test brings its own),
/// with queues and tables of their own (unique names, unless a test needs the real ones on a private Azurite),
/// every request through a <see cref="StorageTransport"/>, a fake clock and a log collector.
/// </summary>
internal sealed class TestServices : IAsyncDisposable
{
    /// <summary>32 bytes, Base64: the pseudonymization key "v1".</summary>
    public const string PseudonymizationKey = "dGVzdC1wc2V1ZG9ueW1pemF0aW9uLWtleS0wMDAwMDE=";

    private TestServices(ServiceProvider provider, StorageTransport transport, FakeTimeProvider? time, TestStorage storage)
    {
        Provider = provider;
        Transport = transport;
        Time = time;
        Storage = storage;
    }

    public ServiceProvider Provider { get; }

    /// <summary>Every request the services send goes through it; a test may make chosen ones fail.</summary>
    public StorageTransport Transport { get; }

    /// <summary>The services' clock when the test asked for a fake one.</summary>
    public FakeTimeProvider? Time { get; }

    /// <summary>Clients on the same Azurite that bypass <see cref="Transport"/>, for looking and editing by hand.</summary>
    public TestStorage Storage { get; }

    public FakeLogCollector Logs => Provider.GetFakeLogCollector();

    public TelemetryTables Tables => Get<TelemetryTables>();

    public TelemetryQueues Queues => Get<TelemetryQueues>();

    public static async Task<TestServices> StartAsync(
        AzuriteServer? azurite = null, bool realNames = false, FakeTimeProvider? time = null, TimeSpan? cacheLifetime = null, bool create = true)
    {
        azurite ??= await AzuriteServer.SharedAsync();
        var transport = new StorageTransport();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [StorageSettings.DefaultName] = azurite.ConnectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        if (time is not null)
        {
            services.AddSingleton<TimeProvider>(time);
        }

        if (!realNames)
        {
            var tables = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            var queues = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            services.AddSingleton(sp => new TelemetryTables(name =>
                sp.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient(tables.GetOrAdd(name, TestNames.Table))));
            services.AddSingleton(sp => new TelemetryQueues(name =>
                sp.GetRequiredService<Azure.Storage.Queues.QueueServiceClient>().GetQueueClient(queues.GetOrAdd(name, TestNames.Queue))));
        }

        services.AddTelemetryServices();
        services.AddAzureClients(clients => clients.ConfigureDefaults(options => options.Transport = transport));
        services.AddSingleton(new Pseudonymizer(
            new Dictionary<string, byte[]> { ["v1"] = Convert.FromBase64String(PseudonymizationKey) }, "v1"));
        services.Configure<TenantDirectoryOptions>(options => options.CacheLifetime = cacheLifetime ?? TimeSpan.FromSeconds(5));

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var started = new TestServices(provider, transport, time, new TestStorage(azurite.ConnectionString));
        if (create)
        {
            await started.Get<StorageResources>().CreateAsync();
        }

        return started;
    }

    /// <summary>True when the table exists, as storage lists it.</summary>
    public async Task<bool> ExistsAsync(Azure.Data.Tables.TableClient table)
    {
        await foreach (var _ in Storage.Tables.QueryAsync(filter: $"TableName eq '{table.Name}'"))
        {
            return true;
        }

        return false;
    }

    public T Get<T>()
        where T : notnull => Provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}
