using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Configuration;
using Telemetry.LocalHost.Logging;

namespace Telemetry.LocalHost.Queues;

/// <summary>
/// The clients of a queue-triggered function: its queue, read with host.json's messageEncoding, and its poison
/// queue <c>{queue}-poison</c> (none for a queue that is itself a poison queue, or whose poison name would be too
/// long). Under base64, a message that does not decode is moved to the poison queue as it is, as the host does.
/// </summary>
internal sealed partial class QueueClients
{
    public const string PoisonSuffix = "-poison";

    private QueueClients(QueueClient queue, QueueClient? poison)
    {
        Queue = queue;
        Poison = poison;
    }

    public QueueClient Queue { get; }

    public QueueClient? Poison { get; }

    /// <exception cref="LocalHostStartException">The queue name is not valid.</exception>
    public static QueueClients Create(QueueConnection connection, string queueName, QueuesOptions options, ILogger logger)
    {
        // As the host, names are lower-cased before they are checked.
        var name = queueName.ToLowerInvariant();
        if (!IsValidName(name))
        {
            throw new LocalHostStartException(
                $"'{queueName}' is not a valid queue name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.");
        }

        var poisonName = name + PoisonSuffix;
        var hasPoison = !name.EndsWith(PoisonSuffix, StringComparison.Ordinal) && IsValidName(poisonName);

        // Undecodable messages are copied as they are, through a client that does not encode.
        var raw = connection.CreateClient(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var rawPoison = hasPoison ? raw.GetQueueClient(poisonName) : null;
        var encoded = new QueueClientOptions { MessageEncoding = options.MessageEncoding };
        if (options.MessageEncoding == QueueMessageEncoding.Base64)
        {
            encoded.MessageDecodingFailed += async args =>
            {
                if (args.ReceivedMessage is not { } message || rawPoison is null)
                {
                    return;
                }

                await SendCreatingAsync(rawPoison, message.Body).ConfigureAwait(false);
                HostLog.UndecodableToPoison(logger, message.MessageId, args.Queue.Name, rawPoison.Name);
                try
                {
                    await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 400)
                {
                }
            };
        }

        var service = connection.CreateClient(encoded);
        return new QueueClients(service.GetQueueClient(name), hasPoison ? service.GetQueueClient(poisonName) : null);
    }

    /// <summary>Sends a message, creating the queue when it does not exist yet.</summary>
    public static async Task SendCreatingAsync(QueueClient queue, BinaryData body)
    {
        try
        {
            await queue.SendMessageAsync(body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            await queue.SendMessageAsync(body, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static bool IsValidName(string name) => name.Length is >= 3 and <= 63 && QueueName().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex QueueName();
}
