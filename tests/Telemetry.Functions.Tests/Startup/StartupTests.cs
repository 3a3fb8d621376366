using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Telemetry.Functions.Tests.Support;
using Telemetry.LocalHost;

namespace Telemetry.Functions.Tests.Startup;

/// <summary>A missing or weak required setting stops start-up, under the host, with a message that names it.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Telemetry__AdminKey", null, "Telemetry__AdminKey is required")]
    [InlineData("Telemetry__AdminKey", "too-short", "Telemetry__AdminKey must be at least 32 characters")]
    [InlineData("Telemetry__Pseudonymization__Keys__v1", "not base64 !!", "Telemetry__Pseudonymization__Keys__v1 must be Base64")]
    [InlineData("Telemetry__Pseudonymization__Keys__v1", "c2hvcnQta2V5", "Telemetry__Pseudonymization__Keys__v1 must decode to at least 32 bytes")]
    [InlineData("Telemetry__Pseudonymization__CurrentKey", null, "Telemetry__Pseudonymization__CurrentKey is required")]
    [InlineData("Telemetry__Pseudonymization__CurrentKey", "v9", "Telemetry__Pseudonymization__Keys__v9 is not set")]
    [InlineData("Telemetry__PolicyCacheSeconds", "31", "Telemetry__PolicyCacheSeconds must be between 1 and 30")]
    [InlineData("Telemetry__PolicyCacheSeconds", "0", "Telemetry__PolicyCacheSeconds must be between 1 and 30")]
    [InlineData("Telemetry__Processing__MaxParallelPartitions", "65", "Telemetry__Processing__MaxParallelPartitions must be between 1 and 64")]
    [InlineData("AzureWebJobsStorage", null, "AzureWebJobsStorage")]
    public async Task StartUpRefusesAMissingOrWeakSettingAndNamesIt(string setting, string? value, string expected)
    {
        var settings = TelemetryApp.DefaultSettings(await AzuriteServer.SharedAsync());
        settings[setting] = value;

        var logs = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(new FakeLoggerProvider(logs)));

        var refused = await Assert.ThrowsAsync<LocalHostStartException>(async () => await LocalFunctionsHost.StartAsync(
            new LocalHostOptions { ScriptRoot = TelemetryApp.AppDirectory, Port = 0, ReadLocalSettings = false, InheritEnvironment = false, Settings = settings },
            loggers));

        Assert.Contains(expected, refused.Message + "\n" + logs.LogText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUpWithEverySettingValidServesRequests()
    {
        await using var app = await TelemetryApp.StartAsync();
        var response = await app.Client.GetAsync("/api/health");
        Assert.True(response.IsSuccessStatusCode);
    }
}
