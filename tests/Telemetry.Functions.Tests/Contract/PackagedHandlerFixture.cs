using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Contract;

/// <summary>The packaged app, a private Azurite, and the packaged handler started from the app root like the host does.</summary>
public sealed class PackagedHandlerFixture : IAsyncLifetime
{
    private PackagedApp? _package;
    private AzuriteServer? _azurite;
    private HostedHandler? _handler;

    internal PackagedApp Package => _package ?? throw new InvalidOperationException("Not initialized.");

    internal AzuriteServer Azurite => _azurite ?? throw new InvalidOperationException("Not initialized.");

    internal HostedHandler Handler => _handler ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        // A private emulator: the service's queue and table names are fixed, and nothing else may drain these queues.
        var azurite = AzuriteServer.StartNewAsync();
        _package = await PackagedApp.BuildAsync();
        _azurite = await azurite;
        _handler = await HostedHandler.StartAsync(Package.AppRoot, LocalSettings.For(Azurite.ConnectionString));
    }

    public async Task DisposeAsync()
    {
        if (_handler is not null)
        {
            await _handler.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }

        _package?.Dispose();
    }
}

/// <summary>One package and one handler process for every test that needs them; packaging runs once per test run.</summary>
[CollectionDefinition(Name)]
public sealed class PackagedHandlerCollection : ICollectionFixture<PackagedHandlerFixture>
{
    public const string Name = "Packaged handler";
}
