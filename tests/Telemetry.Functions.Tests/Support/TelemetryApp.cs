using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Telemetry.Functions.Tests.Support;

/// <summary>
/// The real function app on Kestrel, on a free loopback port, against the shared Azurite. Settings are
/// those an operator would set (environment-variable names); a test changes only what it is about.
/// </summary>
public sealed class TelemetryApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdefghijklmnop";

    /// <summary>32 bytes, Base64: the pseudonymization key "v1" of every test app.</summary>
    public const string PseudonymizationKeyV1 = "dGVzdC1wc2V1ZG9ueW1pemF0aW9uLWtleS0wMDAwMDE=";

    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;
    private readonly string environment;

    private TelemetryApp(AzuriteServer azurite, Dictionary<string, string?> settings, Action<IServiceCollection>? configureServices, string environment)
    {
        Azurite = azurite;
        this.settings = settings;
        this.configureServices = configureServices;
        this.environment = environment;
        Storage = new TestStorage(azurite.ConnectionString);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
    }

    public AzuriteServer Azurite { get; }

    /// <summary>The same storage the app uses, for tests that look at queues and tables directly.</summary>
    public TestStorage Storage { get; }

    /// <summary>Every log line the app wrote, at every level; nothing reaches the console.</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public HttpClient Client { get; private set; } = null!;

    public TestTenants Tenants => new(Storage);

    /// <summary>The settings every test app starts with.</summary>
    public static Dictionary<string, string?> DefaultSettings(AzuriteServer azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        return new(StringComparer.Ordinal)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Telemetry__AdminKey"] = AdminKey,
            ["Telemetry__Pseudonymization__Keys__v1"] = PseudonymizationKeyV1,
            ["Telemetry__Pseudonymization__CurrentKey"] = "v1",
            ["Telemetry__PolicyCacheSeconds"] = "1",
            ["Telemetry__QueueWorkers__MinPollingIntervalMilliseconds"] = "50",
            ["Telemetry__QueueWorkers__MaxPollingIntervalMilliseconds"] = "500",
            ["Telemetry__QueueWorkers__RetryDelaySeconds"] = "0",
            ["Telemetry__QueueWorkers__LeaseSeconds"] = "30",
        };
    }

    /// <summary>Starts an app; <paramref name="changeSettings"/> edits the defaults (a null value removes a setting).</summary>
    public static async Task<TelemetryApp> StartAsync(
        Action<Dictionary<string, string?>>? changeSettings = null,
        Action<IServiceCollection>? configureServices = null,
        string environment = "Testing",
        AzuriteServer? azurite = null)
    {
        var app = Create(azurite ?? await AzuriteServer.SharedAsync(), changeSettings, configureServices, environment);
        app.StartServer();
        app.Client = app.CreateClient();
        app.Client.Timeout = TimeSpan.FromSeconds(60);
        return app;
    }

    /// <summary>An app not started yet (for start-up tests).</summary>
    public static TelemetryApp Create(
        AzuriteServer azurite, Action<Dictionary<string, string?>>? changeSettings = null, Action<IServiceCollection>? configureServices = null, string environment = "Testing")
    {
        var settings = DefaultSettings(azurite);
        changeSettings?.Invoke(settings);
        return new TelemetryApp(azurite, settings, configureServices, environment);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(environment);
        foreach (var (name, value) in settings)
        {
            if (value is not null)
            {
                builder.UseSetting(name.Replace("__", ":", StringComparison.Ordinal), value);
            }
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Client?.Dispose();
        }

        base.Dispose(disposing);
    }
}
