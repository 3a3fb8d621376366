using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core;

namespace Telemetry.Storage;

/// <summary>One queue of an account, on the Queue service REST API. Thread-safe; cheap to create.</summary>
public sealed partial class QueueClient : IQueueClient
{
    /// <summary>The service's limit for one message: 64 KiB of UTF-8 text.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromDays(7);
    private readonly StoragePipeline _pipeline;

    internal QueueClient(StoragePipeline pipeline, string queueName)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        if (!QueueName().IsMatch(queueName) || queueName.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{queueName}' is not a valid queue name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.",
                nameof(queueName));
        }

        _pipeline = pipeline;
        Name = queueName;
    }

    public string Name { get; }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Put, Classifiers.CreatedOrNoContent);
        await _pipeline.SendAsync(message, "QueueClient.CreateIfNotExists", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the queue and its messages; succeeds when it does not exist.</summary>
    public async Task DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, Classifiers.NoContentOrNotFound);
        await _pipeline.SendAsync(message, "QueueClient.DeleteIfExists", cancellationToken).ConfigureAwait(false);
    }

    public async Task<SendReceipt> SendMessageAsync(string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        var size = Encoding.UTF8.GetByteCount(messageText);
        if (size > MaxMessageBytes)
        {
            throw new ArgumentException($"The message is {size} bytes of UTF-8; a queue message holds at most {MaxMessageBytes}.", nameof(messageText));
        }

        if (visibilityTimeout is { } hidden)
        {
            CheckVisibility(hidden, TimeSpan.Zero, nameof(visibilityTimeout));
        }

        if (timeToLive is { } ttl && ttl != Timeout.InfiniteTimeSpan && ttl < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), ttl, "A message lives at least one second (Timeout.InfiniteTimeSpan: forever).");
        }

        using var message = CreateMessage(RequestMethod.Post, Classifiers.Created, "/messages");
        if (visibilityTimeout is { } v)
        {
            message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(v));
        }

        if (timeToLive is { } t)
        {
            message.Request.Uri.AppendQuery("messagettl", t == Timeout.InfiniteTimeSpan ? "-1" : Seconds(t));
        }

        message.Request.Headers.SetValue("Content-Type", "application/xml");
        message.Request.Content = RequestContent.Create(QueueXml.MessageBody(messageText));
        var response = await _pipeline.SendAsync(message, "QueueClient.SendMessage", cancellationToken).ConfigureAwait(false);
        return StoragePipeline.Read(response, r =>
        {
            var sent = QueueXml.ReadMessages(r.Content.ToStream()).Single();
            return new SendReceipt(
                sent["MessageId"], sent["PopReceipt"], QueueXml.ParseDate(sent["InsertionTime"]),
                QueueXml.ParseDate(sent["ExpirationTime"]), QueueXml.ParseDate(sent["TimeNextVisible"]));
        });
    }

    public async Task<IReadOnlyList<QueueMessage>> ReceiveMessagesAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 32);
        CheckVisibility(visibilityTimeout, TimeSpan.FromSeconds(1), nameof(visibilityTimeout));

        using var message = CreateMessage(RequestMethod.Get, Classifiers.Ok, "/messages");
        message.Request.Uri.AppendQuery("numofmessages", maxMessages.ToString(CultureInfo.InvariantCulture));
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout));
        var response = await _pipeline.SendAsync(message, "QueueClient.ReceiveMessages", cancellationToken).ConfigureAwait(false);
        return StoragePipeline.Read(response, r => QueueXml.ReadMessages(r.Content.ToStream()).Select(m => new QueueMessage(
            m["MessageId"], m["PopReceipt"], m.GetValueOrDefault("MessageText", string.Empty),
            long.Parse(m["DequeueCount"], CultureInfo.InvariantCulture), QueueXml.ParseDate(m["InsertionTime"]),
            QueueXml.ParseDate(m["ExpirationTime"]), QueueXml.ParseDate(m["TimeNextVisible"]))).ToList());
    }

    public async Task<UpdateReceipt> UpdateMessageAsync(string messageId, string popReceipt, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);
        CheckVisibility(visibilityTimeout, TimeSpan.Zero, nameof(visibilityTimeout));

        using var message = CreateMessage(RequestMethod.Put, Classifiers.NoContent, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        message.Request.Uri.AppendQuery("visibilitytimeout", Seconds(visibilityTimeout));
        var response = await _pipeline.SendAsync(message, "QueueClient.UpdateMessage", cancellationToken).ConfigureAwait(false);
        return StoragePipeline.Read(response, r => new UpdateReceipt(
            r.Headers.TryGetValue("x-ms-popreceipt", out var receipt) ? receipt : throw MissingHeader("x-ms-popreceipt"),
            r.Headers.TryGetValue("x-ms-time-next-visible", out var next) ? QueueXml.ParseDate(next) : throw MissingHeader("x-ms-time-next-visible")));
    }

    public async Task DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentException.ThrowIfNullOrEmpty(popReceipt);

        using var message = CreateMessage(RequestMethod.Delete, Classifiers.NoContent, "/messages/" + Uri.EscapeDataString(messageId));
        message.Request.Uri.AppendQuery("popreceipt", popReceipt);
        await _pipeline.SendAsync(message, "QueueClient.DeleteMessage", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The service's approximate count of messages in the queue (visible or not).</summary>
    public async Task<long> GetApproximateMessageCountAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Get, Classifiers.Ok);
        message.Request.Uri.AppendQuery("comp", "metadata");
        var response = await _pipeline.SendAsync(message, "QueueClient.GetProperties", cancellationToken).ConfigureAwait(false);
        return StoragePipeline.Read(response, r => r.Headers.TryGetValue("x-ms-approximate-messages-count", out var count)
            ? long.Parse(count, CultureInfo.InvariantCulture)
            : throw MissingHeader("x-ms-approximate-messages-count"));
    }

    private HttpMessage CreateMessage(RequestMethod method, ResponseClassifier classifier, string? path = null)
    {
        var message = _pipeline.CreateMessage(method, classifier);
        message.Request.Uri.AppendPath("/" + Name + path, escape: false);
        return message;
    }

    private static void CheckVisibility(TimeSpan value, TimeSpan minimum, string name)
    {
        if (value < minimum || value > MaxVisibilityTimeout)
        {
            throw new ArgumentOutOfRangeException(name, value, $"A visibility timeout lies between {minimum.TotalSeconds} seconds and 7 days.");
        }
    }

    private static string Seconds(TimeSpan value) => ((long)Math.Ceiling(value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static FormatException MissingHeader(string header) => new($"the {header} header is missing.");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex QueueName();
}
