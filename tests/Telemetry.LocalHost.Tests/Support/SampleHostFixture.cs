namespace Telemetry.LocalHost.Tests.Support;

/// <summary>One sample host for a class of tests that only read from it.</summary>
public sealed class SampleHostFixture : IAsyncLifetime
{
    internal SampleHost App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await SampleHost.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}
