using Telemetry.Storage.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Storage.Tests.Queues;

public class QueueClientTests
{
    [Fact]
    public async Task CreateIfNotExistsSucceedsTwice()
    {
        var queue = (await TestStorage.AccountAsync()).GetQueueClient(TestNames.Queue("create"));

        await queue.CreateIfNotExistsAsync();
        await queue.CreateIfNotExistsAsync();

        Assert.Equal(0, await ((QueueClient)queue).GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task SentMessageIsReceivedVerbatimWithItsReceipt()
    {
        var queue = await TestStorage.NewQueueAsync("send");
        const string text = "{\"records\":[\"<é & ü>\",\"'quoted'\"]} ✓";

        var sent = await queue.SendMessageAsync(text);
        var received = Assert.Single(await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30)));

        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(text, received.MessageText);
        Assert.Equal(1, received.DequeueCount);
        Assert.True(received.ExpiresOn > received.InsertedOn);
        Assert.True(received.NextVisibleOn > DateTimeOffset.UtcNow.AddSeconds(20));
    }

    [Fact]
    public async Task ReceivedMessageStaysHiddenUntilItsVisibilityTimeoutEnds()
    {
        var queue = await TestStorage.NewQueueAsync("hidden");
        await queue.SendMessageAsync("one");

        Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));
        Assert.Empty(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task MessageSentWithVisibilityDelayIsNotReceivedAtOnce()
    {
        var queue = await TestStorage.NewQueueAsync("delay");

        var sent = await queue.SendMessageAsync("later", visibilityTimeout: TimeSpan.FromMinutes(5), timeToLive: TimeSpan.FromHours(1));

        Assert.Empty(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));
        Assert.InRange(sent.ExpiresOn - sent.InsertedOn, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.True(sent.NextVisibleOn > sent.InsertedOn.AddMinutes(4));
    }

    [Fact]
    public async Task ReceiveTakesAtMostTheRequestedNumberOfMessages()
    {
        var queue = await TestStorage.NewQueueAsync("batch");
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => queue.SendMessageAsync($"m{i}")));

        var first = await queue.ReceiveMessagesAsync(3, TimeSpan.FromSeconds(30));
        var rest = await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30));

        Assert.Equal(3, first.Count);
        Assert.Equal(2, rest.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"m{i}").Order(), first.Concat(rest).Select(m => m.MessageText).Order());
    }

    [Fact]
    public async Task UpdateMakesAMessageVisibleAgainAndReturnsANewReceipt()
    {
        var queue = await TestStorage.NewQueueAsync("update");
        await queue.SendMessageAsync("retry me");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5)));

        var update = await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.Zero);
        var again = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(30)));

        Assert.NotEqual(received.PopReceipt, update.PopReceipt);
        Assert.Equal(received.MessageId, again.MessageId);
        Assert.Equal(2, again.DequeueCount);
    }

    [Fact]
    public async Task DeletedMessageIsGone()
    {
        var queue = await TestStorage.NewQueueAsync("delete");
        await queue.SendMessageAsync("done");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(1)));

        await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);

        Assert.Equal(0, await ((QueueClient)queue).GetApproximateMessageCountAsync());
    }

    [Fact]
    public async Task DeleteWithAStaleReceiptIsRefusedWithTheServiceErrorCode()
    {
        var queue = await TestStorage.NewQueueAsync("stale");
        await queue.SendMessageAsync("contended");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5)));
        await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => queue.DeleteMessageAsync(received.MessageId, received.PopReceipt));

        Assert.Contains(error.Status, new[] { 400, 404 });
        Assert.Equal("PopReceiptMismatch", error.ErrorCode);
        Assert.Contains("PopReceiptMismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateWithAStaleReceiptIsRefusedWithTheServiceErrorCode()
    {
        var queue = await TestStorage.NewQueueAsync("stale-update");
        await queue.SendMessageAsync("contended");
        var received = Assert.Single(await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5)));
        await queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.FromMinutes(5));

        var error = await Assert.ThrowsAsync<StorageRequestException>(
            () => queue.UpdateMessageAsync(received.MessageId, received.PopReceipt, TimeSpan.Zero));

        Assert.Contains(error.Status, new[] { 400, 404 });
        Assert.Equal("PopReceiptMismatch", error.ErrorCode);
    }

    [Fact]
    public async Task SendingToAMissingQueueReportsQueueNotFound()
    {
        var queue = (await TestStorage.AccountAsync()).GetQueueClient(TestNames.Queue("missing"));

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => queue.SendMessageAsync("lost?"));

        Assert.Equal(404, error.Status);
        Assert.Equal("QueueNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task DeleteIfExistsRemovesTheQueueAndToleratesAMissingOne()
    {
        var queue = (QueueClient)await TestStorage.NewQueueAsync("drop");

        await queue.DeleteIfExistsAsync();
        await queue.DeleteIfExistsAsync();

        var error = await Assert.ThrowsAsync<StorageRequestException>(() => queue.GetApproximateMessageCountAsync());
        Assert.Equal("QueueNotFound", error.ErrorCode);
    }
}
