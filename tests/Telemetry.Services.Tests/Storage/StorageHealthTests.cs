using Telemetry.Core;
using Telemetry.Services.Storage;
using Telemetry.Services.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Services.Tests.Storage;

/// <summary>The health check asks for every queue and table, reports what it found, and never waits past its token.</summary>
public class StorageHealthTests
{
    [Fact]
    public async Task StorageIsHealthyWhenEveryQueueAndTableExists()
    {
        await using var services = await TestServices.StartAsync();

        var report = await services.Get<StorageHealth>().CheckAsync();

        Assert.True(report.IsHealthy);
        Assert.Equal(StorageNames.Queues.Count, report.Queues.Count);
        Assert.Equal(StorageNames.Tables.Count, report.Tables.Count);
        Assert.All(report.Queues.Values.Concat(report.Tables.Values), state => Assert.Equal(ResourceState.Ok, state));
    }

    [Fact]
    public async Task AMissingQueueAndTableAreReportedByNameAndCreatedAgainForTheNextCheck()
    {
        await using var services = await TestServices.StartAsync();
        var table = services.Tables.For(TelemetryCategory.Errors);
        var queue = services.Queues.PoisonFor(TelemetryCategory.Census);
        await table.DeleteAsync();
        await queue.DeleteAsync();
        var health = services.Get<StorageHealth>();

        var report = await health.CheckAsync();

        Assert.False(report.IsHealthy);
        Assert.False(report.IsUnreachable);
        Assert.Equal(ResourceState.Missing, report.Tables[table.Name]);
        Assert.Equal(ResourceState.Missing, report.Queues[queue.Name]);
        Assert.Equal(1, report.Tables.Values.Count(state => state != ResourceState.Ok));
        Assert.Equal(1, report.Queues.Values.Count(state => state != ResourceState.Ok));
        await Eventually.TrueAsync(async () => (await health.CheckAsync()).IsHealthy, "the missing queue and table were not created again");
    }

    [Fact]
    public async Task StorageThatIsGoneIsReportedUnavailable()
    {
        await using var azurite = await AzuriteServer.StartNewAsync();
        await using var services = await TestServices.StartAsync(azurite, realNames: true);
        azurite.Stop();

        var report = await services.Get<StorageHealth>().CheckAsync();

        Assert.True(report.IsUnreachable);
        Assert.All(report.Queues.Values.Concat(report.Tables.Values), state => Assert.Equal(ResourceState.Unavailable, state));
    }

    [Fact]
    public async Task StorageThatHangsIsReportedUnavailableWhenTheTokenEnds()
    {
        await using var services = await TestServices.StartAsync();
        var hang = services.Transport.HoldWhen(_ => true);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var report = await services.Get<StorageHealth>().CheckAsync(deadline.Token);
        hang.SetResult();

        Assert.True(report.IsUnreachable);
    }
}
