using System.Text;
using Azure.Core;
using Telemetry.Storage.Tests.Support;

namespace Telemetry.Storage.Tests.Queues;

public class MessageLimitTests
{
    [Fact]
    public async Task MessageOfExactlySixtyFourKibibytesIsAccepted()
    {
        var queue = await TestStorage.NewQueueAsync("limit");
        var text = new string('a', QueueClient.MaxMessageBytes - 2) + "é";

        await queue.SendMessageAsync(text);

        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Equal(text, received.MessageText);
    }

    [Fact]
    public async Task MessageOverSixtyFourKibibytesOfUtf8IsRefusedBeforeSending()
    {
        var transport = new RecordingTransport();
        var queue = Offline.Account(transport).GetQueueClient("limit");

        // 32,769 characters, but 65,538 bytes of UTF-8.
        var error = await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync(new string('é', 32 * 1024 + 1)));

        Assert.Equal("messageText", error.ParamName);
        Assert.Contains("65538 bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task ServiceAlsoRefusesAnOversizedMessageWhenTheClientCheckIsBypassed()
    {
        var account = await TestStorage.AccountAsync();
        var queue = await TestStorage.NewQueueAsync("limit");
        var pipeline = account.QueuePipeline;
        using var message = pipeline.CreateMessage(RequestMethod.Post, new StatusCodeClassifier([201]));
        message.Request.Uri.AppendPath($"/{queue.Name}/messages", escape: false);
        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(
            $"<QueueMessage><MessageText>{new string('a', QueueClient.MaxMessageBytes + 1)}</MessageText></QueueMessage>"));

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => pipeline.SendAsync(message, "test", CancellationToken.None));

        Assert.Equal(413, error.Status);
        Assert.Empty(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task CharactersXmlCannotCarryAreRefusedBeforeSending()
    {
        var transport = new RecordingTransport();
        var queue = Offline.Account(transport).GetQueueClient("limit");

        await Assert.ThrowsAsync<ArgumentException>(() => queue.SendMessageAsync("bell \u0007"));

        Assert.Empty(transport.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public async Task ReceiveCountOutsideOneToThirtyTwoIsRefused(int count)
    {
        var transport = new RecordingTransport();
        var queue = Offline.Account(transport).GetQueueClient("limit");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => queue.ReceiveMessagesAsync(count, TimeSpan.FromSeconds(30)));

        Assert.Empty(transport.Requests);
    }
}
