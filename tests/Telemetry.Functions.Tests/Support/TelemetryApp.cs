using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Telemetry.LocalHost;

namespace Telemetry.Functions.Tests.Support;

/// <summary>
/// The real function app's build run by the local host exactly as the Functions host runs it (a worker process
/// speaking the host protocol, HTTP forwarded to it, queue triggers with host.json's semantics), on a free loopback
/// port, against the shared Azurite. Settings are those an operator would set (environment-variable names); a
/// test changes only what it is about. The worker sees only these settings, never the developer's environment.
/// </summary>
public sealed class TelemetryApp : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdefghijklmnop";

    /// <summary>32 bytes, Base64: the pseudonymization key "v1" of every test app.</summary>
    public const string PseudonymizationKeyV1 = "dGVzdC1wc2V1ZG9ueW1pemF0aW9uLWtleS0wMDAwMDE=";

    private readonly ILoggerFactory _loggers;

    private TelemetryApp(AzuriteServer azurite, LocalFunctionsHost host, ILoggerFactory loggers, FakeLogCollector logs)
    {
        Azurite = azurite;
        Host = host;
        _loggers = loggers;
        Logs = logs;
        Storage = new TestStorage(azurite.ConnectionString);
        Client = CreateClient();
    }

    /// <summary>The function app's build output, as the build of this test run left it.</summary>
    public static string AppDirectory { get; } = FindAppDirectory();

    public AzuriteServer Azurite { get; }

    public LocalFunctionsHost Host { get; }

    /// <summary>The same storage the app uses, for tests that look at queues and tables directly.</summary>
    public TestStorage Storage { get; }

    /// <summary>Every line the host and the worker logged (the worker's framework categories from Warning up); nothing reaches the console.</summary>
    public FakeLogCollector Logs { get; }

    public HttpClient Client { get; }

    public TestTenants Tenants => new(Storage);

    /// <summary>The settings every test app starts with.</summary>
    public static Dictionary<string, string?> DefaultSettings(AzuriteServer azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        return new(StringComparer.Ordinal)
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = "Testing",
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Telemetry__AdminKey"] = AdminKey,
            ["Telemetry__Pseudonymization__Keys__v1"] = PseudonymizationKeyV1,
            ["Telemetry__Pseudonymization__CurrentKey"] = "v1",
            ["Telemetry__PolicyCacheSeconds"] = "1",

            // host.json, as app settings may override it: quick retries and quick polling, same dequeue count.
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500",
        };
    }

    /// <summary>
    /// Starts an app; <paramref name="changeSettings"/> edits the defaults (a null value removes a setting). Unless
    /// <paramref name="waitForStorage"/> is false, returns once health says every queue and table exists.
    /// </summary>
    public static async Task<TelemetryApp> StartAsync(
        Action<Dictionary<string, string?>>? changeSettings = null, AzuriteServer? azurite = null, bool waitForStorage = true)
    {
        azurite ??= await AzuriteServer.SharedAsync();
        var settings = DefaultSettings(azurite);
        changeSettings?.Invoke(settings);
        var logs = new FakeLogCollector();
        var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)));
        try
        {
            var host = await LocalFunctionsHost.StartAsync(
                new LocalHostOptions
                {
                    ScriptRoot = AppDirectory,
                    Port = 0,
                    ReadLocalSettings = false,
                    InheritEnvironment = false,
                    Settings = settings,
                },
                loggers);
            var app = new TelemetryApp(azurite, host, loggers, logs);
            if (waitForStorage)
            {
                await app.WaitUntilHealthyAsync();
            }

            return app;
        }
        catch
        {
            loggers.Dispose();
            throw;
        }
    }

    /// <summary>Waits until GET /api/health answers 200: storage answers and every queue and table exists.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await Client.GetAsync("/api/health");
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"Health did not answer 200 within 60 s: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }

    /// <summary>A client of its own, without any key.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        _loggers.Dispose();
    }

    private static string FindAppDirectory()
    {
        var configuration = typeof(TelemetryApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                var app = Path.Combine(dir.FullName, "functions", "Telemetry.Functions", "bin", configuration, "net10.0");
                return File.Exists(Path.Combine(app, "functions.metadata"))
                    ? app
                    : throw new InvalidOperationException($"The function app is not built in {app}: build the solution first.");
            }
        }

        throw new InvalidOperationException("Serverless.sln was not found above the test binaries.");
    }
}
