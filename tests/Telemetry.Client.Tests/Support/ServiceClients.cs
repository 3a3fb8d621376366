using Telemetry.Testing;
using Telemetry.Testing.Service;

namespace Telemetry.Client.Tests.Support;

/// <summary>A registered tenant of the running service, and clients that send to it through handlers the test chooses.</summary>
public sealed class ServiceTenant
{
    private ServiceTenant(RunningService service, string tenantId, string key)
    {
        Service = service;
        TenantId = tenantId;
        Key = key;
        Rows = new StoredRows(service.Storage);
    }

    public RunningService Service { get; }

    public string TenantId { get; }

    public string Key { get; }

    public StoredRows Rows { get; }

    public static async Task<ServiceTenant> RegisterAsync(string prefix)
    {
        var service = await RunningService.SharedAsync();
        var tenantId = TestNames.Tenant(prefix);
        using var admin = new ServiceAdmin(service);
        return new ServiceTenant(service, tenantId, await admin.RegisterTenantAsync(tenantId));
    }

    public ServiceAdmin Admin() => new(Service);

    /// <summary>A client of this tenant; <paramref name="handlers"/> sit between it and the service, outermost first.</summary>
    public TelemetryClient Client(Action<TelemetryClientOptions>? configure = null, params DelegatingHandler[] handlers)
    {
        var options = new TelemetryClientOptions
        {
            ServiceUri = Service.BaseUri,
            ApiKey = Key,
            FlushInterval = TimeSpan.FromMinutes(10),
            InitialRetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
            PolicyRefreshInterval = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(options);
        HttpMessageHandler handler = new SocketsHttpHandler();
        foreach (var outer in handlers.Reverse())
        {
            outer.InnerHandler = handler;
            handler = outer;
        }

        return new TelemetryClient(new HttpClient(handler), options);
    }
}
