using Telemetry.Core;
using Telemetry.Services.Ingestion;
using Telemetry.Services.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Services.Tests.Ingestion;

/// <summary>A request's messages are written all or nothing: a failure at any moment leaves no message behind.</summary>
public class QueueWriterTests
{
    [Fact]
    public async Task AFailedWriteOfOneMessageKeepsNothing()
    {
        await using var services = await TestServices.StartAsync();
        services.Transport.FailWhen(IsSend);

        var written = await services.Get<QueueWriter>().WriteAllAsync(TelemetryCategory.Usage, Batches.Messages(TelemetryCategory.Usage, "contoso", Batches.Usage()));

        Assert.False(written);
        Assert.Equal(0, await CountAsync(services));
    }

    [Fact]
    public async Task WhenOneMessageOfASplitBatchFailsTheWrittenOnesAreRemovedBeforeAnyWorkerSeesThem()
    {
        await using var services = await TestServices.StartAsync();
        var messages = Batches.Messages(TelemetryCategory.Usage, "contoso", Batches.LargeUsage());
        Assert.True(messages.Count > 1, "the batch needs several messages");
        var sends = 0;
        services.Transport.FailWhen(request => IsSend(request) && Interlocked.Increment(ref sends) > 1);

        var written = await services.Get<QueueWriter>().WriteAllAsync(TelemetryCategory.Usage, messages);

        Assert.False(written);
        Assert.Contains(services.Transport.Requests, request => request.Method == "DELETE");
        Assert.Equal(0, await CountAsync(services));
    }

    [Fact]
    public async Task ASplitBatchIsVisibleToWorkersAsSoonAsEveryMessageIsWritten()
    {
        await using var services = await TestServices.StartAsync();
        var messages = Batches.Messages(TelemetryCategory.Usage, "contoso", Batches.LargeUsage());

        Assert.True(await services.Get<QueueWriter>().WriteAllAsync(TelemetryCategory.Usage, messages));

        var queue = services.Storage.GetQueueClient(services.Queues.For(TelemetryCategory.Usage).Name);
        var visible = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
        Assert.Equal(messages.Count, visible.Length);
        Assert.Equal(400, visible.Sum(message => TelemetryMessage.Parse(message.MessageText).Records.Count));
    }

    [Fact]
    public async Task AWriteToAQueueDeletedUnderTheServiceCreatesItAgainAndKeepsEveryMessage()
    {
        await using var services = await TestServices.StartAsync();
        await services.Queues.For(TelemetryCategory.Usage).DeleteAsync();
        var messages = Batches.Messages(TelemetryCategory.Usage, "contoso", Batches.LargeUsage());

        Assert.True(await services.Get<QueueWriter>().WriteAllAsync(TelemetryCategory.Usage, messages));

        Assert.Equal(messages.Count, await CountAsync(services));
    }

    private static bool IsSend(StorageRequest request) => request.Method == "POST" && request.Path.EndsWith("/messages", StringComparison.Ordinal);

    private static async Task<int> CountAsync(TestServices services) =>
        (await services.Storage.GetQueueClient(services.Queues.For(TelemetryCategory.Usage).Name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
}
