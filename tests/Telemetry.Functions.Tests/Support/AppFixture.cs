namespace Telemetry.Functions.Tests.Support;

/// <summary>One app with the default test settings, shared by the tests of a class.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public TelemetryApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TelemetryApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}
