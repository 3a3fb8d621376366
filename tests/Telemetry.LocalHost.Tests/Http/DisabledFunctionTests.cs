using System.Net;
using Azure.Storage.Queues;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Http;

public sealed class DisabledFunctionTests
{
    [Theory]
    [InlineData("AzureWebJobs.Ping.Disabled", "true")]
    [InlineData("AzureWebJobs__Ping__Disabled", "1")]
    [InlineData("AzureWebJobs_Ping_Disabled", "True")]
    public async Task ADisabledHttpFunctionsRouteIsANotFound(string setting, string value)
    {
        await using var app = await SampleHost.StartAsync(settings: s => s[setting] = value);

        using var disabled = await app.Http.GetAsync("api/ping");
        using var enabled = await app.Http.GetAsync("api/items/1");

        Assert.True(app.Host.Functions.Single(f => f.Name == "Ping").IsDisabled);
        Assert.Equal(HttpStatusCode.NotFound, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
    }

    [Fact]
    public async Task ASettingThatIsNotTrueLeavesTheFunctionEnabled()
    {
        await using var app = await SampleHost.StartAsync(settings: s => s["AzureWebJobs.Ping.Disabled"] = "false");

        using var response = await app.Http.GetAsync("api/ping");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ADisabledQueueFunctionGetsNoListener()
    {
        // Record is disabled, RecordMessage is not; both queues get a message before the host starts.
        await using var app = await SampleHost.StartAsync(
            settings: s => s["AzureWebJobs.Record.Disabled"] = "true",
            beforeStart: async (azurite, queues) =>
            {
                foreach (var name in new[] { queues.Record, queues.RecordMessage })
                {
                    var queue = new QueueClient(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
                    await queue.CreateIfNotExistsAsync();
                    await queue.SendMessageAsync("waiting");
                }
            });

        // The enabled listener polls; by the time it has handled its message twice over, a listener of the disabled
        // function would have taken its message too.
        await app.WaitForSeenAsync(seen => seen.Any(s => s.Function == "RecordMessage"), "the enabled function's message");
        await app.SendAsync(app.Queues.RecordMessage, "second");
        await app.WaitForSeenAsync(seen => seen.Count(s => s.Function == "RecordMessage") == 2, "the enabled function's second message");

        var untouched = (await app.Queue(app.Queues.Record).PeekMessagesAsync()).Value;
        Assert.Equal(0, Assert.Single(untouched).DequeueCount);
        Assert.True(app.Host.Functions.Single(f => f.Name == "Record").IsDisabled);
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message == "Function 'Record' is disabled (AzureWebJobs.Record.Disabled).");
    }
}
