using Telemetry.Core;
using Telemetry.Functions.Tests.Support;

namespace Telemetry.Functions.Tests.Processing;

/// <summary>Standalone mode: the in-process workers drain the queues like the Functions host would.</summary>
public sealed class QueueWorkerTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly TelemetryApp app = fixture.App;

    [Fact]
    public async Task MessageWrittenByIngestionIsStoredByTheWorker()
    {
        var tenant = await app.Tenants.CreateAsync();
        var record = Records.Usage();
        var message = Assert.Single(HostPayloads.Messages(TelemetryCategory.Usage, tenant.TenantId, "client", null, record));

        await app.Storage.GetQueueClient("telemetry-usage").SendMessageAsync(message);

        var row = await app.WaitForRowAsync(TelemetryCategory.Usage, tenant.TenantId, record);
        Assert.Equal(tenant.TenantId, row["TenantId"]);
    }

    [Fact]
    public async Task MessageThatAlwaysFailsEndsIntactInThePoisonQueue()
    {
        var text = $"{{\"v\":1,\"category\":\"errors\",\"marker\":\"{Guid.NewGuid()}\",\"records\":[{{\"userId\":\"x\"}}]}}";

        await app.Storage.GetQueueClient("telemetry-errors").SendMessageAsync(text);

        var poison = app.Storage.GetQueueClient("telemetry-errors-poison");
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var messages = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value;
            var match = messages.FirstOrDefault(m => m.MessageText == text);
            if (match is not null)
            {
                await poison.DeleteMessageAsync(match.MessageId, match.PopReceipt);
                break;
            }

            Assert.True(DateTime.UtcNow < until, "The failing message did not reach the poison queue.");
            await Task.Delay(200);
        }
    }
}
