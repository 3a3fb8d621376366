using Azure.Storage.Queues;
using Telemetry.LocalHost.Tests.Support;

namespace Telemetry.LocalHost.Tests.Queues;

public sealed class MessageEncodingTests
{
    [Fact]
    public async Task UnderBase64AMessageIsDecodedForTheFunction()
    {
        await using var app = await SampleHost.StartAsync();

        await app.SendAsync(app.Queues.Record, "ünïcödé text", QueueMessageEncoding.Base64);
        var seen = Assert.Single(await app.WaitForSeenAsync(s => s.Count > 0, "the decoded message"));

        Assert.Equal("ünïcödé text", seen.Text);
    }

    [Fact]
    public async Task UnderBase64AMessageThatIsNotBase64IsMovedToPoisonAsItIs()
    {
        await using var app = await SampleHost.StartAsync();
        const string plain = """{"sent":"without encoding"}""";

        var receipt = await app.SendAsync(app.Queues.Record, plain, QueueMessageEncoding.None);
        var poison = app.Queue(app.Queues.Record + "-poison", QueueMessageEncoding.None);
        var moved = await Eventually.ValueAsync(
            async () => await poison.ExistsAsync() ? (await poison.PeekMessagesAsync()).Value.FirstOrDefault() : null,
            "the undecodable message in the poison queue",
            context: app.LogTail);

        Assert.Equal(plain, moved.Body.ToString());
        Assert.Equal(0, (await app.Queue(app.Queues.Record).GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.DoesNotContain(app.Logs.GetSnapshot(), r => r.Message.StartsWith("Executed 'Functions.Record'", StringComparison.Ordinal));
        Assert.Contains(app.Logs.GetSnapshot(), r => r.Message.StartsWith($"Message {receipt.MessageId} in queue '{app.Queues.Record}' is not valid Base64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnderNoneTheFunctionGetsTheTextAsStoredWhateverTheSenderEncoded()
    {
        await using var app = await SampleHost.StartAsync(settings: s => s["AzureFunctionsJobHost__extensions__queues__messageEncoding"] = "none");

        await app.SendAsync(app.Queues.Record, "plain text", QueueMessageEncoding.None);
        await app.SendAsync(app.Queues.Record, "hello", QueueMessageEncoding.Base64);
        var seen = await app.WaitForSeenAsync(s => s.Count == 2, "both messages");

        Assert.Contains(seen, s => s.Text == "plain text");
        // A Base64 sender's message is not decoded: the function sees the Base64 text.
        Assert.Contains(seen, s => s.Text == "aGVsbG8=");
    }
}
