using System.Net;
using Telemetry.Functions.Tests.Support;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Tests.Health;

public sealed class HealthTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task HealthIs200WhenStorageAnswersAndEveryQueueAndTableExists()
    {
        var response = await fixture.App.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = (await response.JsonAsync()).GetProperty("checks");
        Assert.Equal(StorageNames.Queues.Order(), checks.GetProperty("queues").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(StorageNames.Tables.Order(), checks.GetProperty("tables").EnumerateObject().Select(p => p.Name).Order());
        Assert.All(checks.EnumerateObject().SelectMany(kind => kind.Value.EnumerateObject()), check => Assert.Equal("ok", check.Value.GetString()));
    }

    [Fact]
    public async Task HealthIs503WhenStorageDoesNotAnswerWhileStartUpKeepsTrying()
    {
        await using var app = await TelemetryApp.StartAsync(settings => settings["AzureWebJobsStorage"] = Unreachable(), waitForStorage: false);

        var health = await app.Client.GetAsync("/api/health");

        var problem = await health.AssertProblemAsync(503, "storage_unavailable");
        Assert.NotNull(health.Headers.RetryAfter);
        Assert.Equal("unavailable", problem.GetProperty("checks").GetProperty("queues").GetProperty("telemetry-census").GetString());
        Assert.Equal("unavailable", problem.GetProperty("checks").GetProperty("tables").GetProperty("Policies").GetString());
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!app.Logs.GetSnapshot().Any(log => log.Message.Contains("Storage not reachable yet (attempt 1)", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < until, "Start-up did not log its failed storage attempt.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task IngestionAnswers503WhenStorageIsNotReachable()
    {
        await using var app = await TelemetryApp.StartAsync(settings => settings["AzureWebJobsStorage"] = Unreachable(), waitForStorage: false);

        var response = await app.IngestAsync("usage", "some-key-0123456789", Records.Envelope(Records.Usage()));

        await response.AssertProblemAsync(503, "storage_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    // Port 1 (tcpmux) on loopback: nothing here listens there. A port freed a moment ago would not do: another
    // test's emulator or host may bind it meanwhile, and the app would then reach real storage.
    private static string Unreachable() =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};" +
        $"QueueEndpoint=http://127.0.0.1:1/{AzuriteServer.AccountName};TableEndpoint=http://127.0.0.1:1/{AzuriteServer.AccountName};";
}
