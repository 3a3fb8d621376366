using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;

namespace Telemetry.LocalHost.SampleApp;

/// <summary>
/// Queue functions that write what they saw, as JSON, to the queue named by the SeenQueue setting; Fail also throws
/// every time. A message "sleep:{milliseconds}" makes Record take that long.
/// </summary>
public static class QueueProbe
{
    private static int _running;

    [Function("Record")]
    public static async Task Record(
        [QueueTrigger("%RecordQueue%")] string message,
        string id,
        long dequeueCount,
        DateTimeOffset insertionTime,
        DateTimeOffset expirationTime,
        DateTimeOffset nextVisibleTime,
        string popReceipt,
        string queueTrigger)
    {
        var running = Interlocked.Increment(ref _running);
        try
        {
            if (message.StartsWith("sleep:", StringComparison.Ordinal))
            {
                await Task.Delay(int.Parse(message["sleep:".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }

            await Seen.WriteAsync(new SeenMessage("Record", message, id, dequeueCount, insertionTime, expirationTime, nextVisibleTime, popReceipt, queueTrigger, running, DateTimeOffset.UtcNow));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    [Function("RecordMessage")]
    public static Task RecordMessage([QueueTrigger("%RecordMessageQueue%", Connection = "AzureWebJobsStorage")] QueueMessage message) =>
        Seen.WriteAsync(new SeenMessage("RecordMessage", message.MessageText, message.MessageId, message.DequeueCount,
            message.InsertedOn ?? default, message.ExpiresOn ?? default, message.NextVisibleOn ?? default, message.PopReceipt, null, 1, DateTimeOffset.UtcNow));

    [Function("RecordBinary")]
    public static Task RecordBinary([QueueTrigger("%RecordBinaryQueue%")] BinaryData message) =>
        Seen.WriteAsync(new SeenMessage("RecordBinary", message.ToString(), null, 0, default, default, default, null, null, 1, DateTimeOffset.UtcNow));

    [Function("Fail")]
    public static async Task Fail([QueueTrigger("%FailQueue%")] string message, string id, long dequeueCount)
    {
        await Seen.WriteAsync(new SeenMessage("Fail", message, id, dequeueCount, default, default, default, null, null, 1, DateTimeOffset.UtcNow));
        throw new InvalidOperationException("Fail always throws.");
    }

    private static class Seen
    {
        private static readonly Lazy<QueueClient> Queue = new(() =>
        {
            var queue = new QueueClient(
                Environment.GetEnvironmentVariable("AzureWebJobsStorage"),
                Environment.GetEnvironmentVariable("SeenQueue"),
                new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
            queue.CreateIfNotExists();
            return queue;
        });

        public static Task WriteAsync(SeenMessage seen) => Queue.Value.SendMessageAsync(System.Text.Json.JsonSerializer.Serialize(seen));
    }
}

/// <summary>What a queue function saw of one delivery.</summary>
public sealed record SeenMessage(
    string Function,
    string? Text,
    string? Id,
    long DequeueCount,
    DateTimeOffset InsertionTime,
    DateTimeOffset ExpirationTime,
    DateTimeOffset NextVisibleTime,
    string? PopReceipt,
    string? QueueTrigger,
    int Running,
    DateTimeOffset At);
