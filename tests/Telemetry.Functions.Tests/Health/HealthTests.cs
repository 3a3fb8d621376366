using System.Net;
using System.Net.Sockets;
using Telemetry.Functions.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Functions.Tests.Health;

public sealed class HealthTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task HealthIs200WhenTheQueueAndTableEndpointsAnswer()
    {
        var response = await fixture.App.Client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = (await response.JsonAsync()).GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("queues").GetString());
        Assert.Equal("ok", checks.GetProperty("tables").GetString());
    }

    [Fact]
    public async Task HealthIs503WhenStorageDoesNotAnswerWhileReadinessStillAnswers()
    {
        var closedPort = FreePort();
        await using var app = await TelemetryApp.StartAsync(settings => settings["AzureWebJobsStorage"] =
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};" +
            $"QueueEndpoint=http://127.0.0.1:{closedPort}/{AzuriteServer.AccountName};TableEndpoint=http://127.0.0.1:{closedPort}/{AzuriteServer.AccountName};");

        var health = await app.Client.GetAsync("/api/health");
        var ready = await app.Client.GetAsync("/");

        var problem = await health.AssertProblemAsync(503, "storage_unavailable");
        Assert.Equal("unavailable", problem.GetProperty("checks").GetProperty("queues").GetString());
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!app.Logs.Lines.Any(line => line.Contains("Storage not reachable yet (attempt 1)", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < until, "Start-up did not log its failed storage attempt.");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task IngestionAnswers503WhenStorageIsNotReachable()
    {
        var closedPort = FreePort();
        await using var app = await TelemetryApp.StartAsync(settings => settings["AzureWebJobsStorage"] =
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};" +
            $"QueueEndpoint=http://127.0.0.1:{closedPort}/{AzuriteServer.AccountName};TableEndpoint=http://127.0.0.1:{closedPort}/{AzuriteServer.AccountName};");

        var response = await app.IngestAsync("usage", "some-key-0123456789", Records.Envelope(Records.Usage()));

        await response.AssertProblemAsync(503, "storage_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
