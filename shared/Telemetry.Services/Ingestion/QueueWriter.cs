using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Telemetry.Core;
using Telemetry.Services.Storage;

namespace Telemetry.Services.Ingestion;

/// <summary>
/// Writes one request's messages all or nothing. One message is all or nothing by itself. Several are written
/// hidden and shown only once every one of them is in the queue; when one fails, the written ones are deleted
/// before any worker can store them, so an answer of 503 really keeps nothing of the request.
/// </summary>
internal sealed class QueueWriter(TelemetryQueues queues, StorageResources resources, ILogger<QueueWriter> logger)
{
    /// <summary>How long the messages of a split batch stay hidden while their siblings are written.</summary>
    internal static readonly TimeSpan PendingVisibility = TimeSpan.FromSeconds(60);

    /// <summary>How long showing or removing written messages may take after the writes themselves.</summary>
    private static readonly TimeSpan FollowUpTimeout = TimeSpan.FromSeconds(1);

    /// <summary>True when every message was written (and is visible); false when none is kept.</summary>
    public async Task<bool> WriteAllAsync(TelemetryCategory category, IReadOnlyList<string> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var queue = queues.For(category);
        var failure = await TryWriteAsync(queue, messages, cancellationToken);
        if (failure is not null && StorageResources.IsMissing(failure) && !cancellationToken.IsCancellationRequested)
        {
            // The queue was deleted under us: create it again, then write the whole request once more.
            await resources.CreateAsync(cancellationToken);
            failure = await TryWriteAsync(queue, messages, cancellationToken);
        }

        if (failure is not null)
        {
            IngestionLog.QueueWriteFailed(logger, queue.Name, messages.Count, StorageErrors.Describe(failure));
        }

        return failure is null;
    }

    /// <summary>Writes every message; on a failure, removes the ones written and returns what failed.</summary>
    private async Task<Exception?> TryWriteAsync(QueueClient queue, IReadOnlyList<string> messages, CancellationToken cancellationToken)
    {
        var hideUntilComplete = messages.Count > 1 ? PendingVisibility : (TimeSpan?)null;
        var sends = messages
            .Select(message => queue.SendMessageAsync(message, hideUntilComplete, TelemetryQueues.MessageTimeToLive, cancellationToken))
            .ToList();
        try
        {
            await Task.WhenAll(sends);
        }
        catch (Exception exception)
        {
            await DeleteWrittenAsync(queue, sends);
            return exception;
        }

        if (hideUntilComplete is not null)
        {
            await ShowAsync(queue, sends.Select(send => send.Result.Value));
        }

        return null;
    }

    private async Task ShowAsync(QueueClient queue, IEnumerable<SendReceipt> receipts)
    {
        using var timeout = new CancellationTokenSource(FollowUpTimeout);
        try
        {
            await Task.WhenAll(receipts.Select(receipt =>
                queue.UpdateMessageAsync(receipt.MessageId, receipt.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: timeout.Token)));
        }
        catch (Exception exception)
        {
            // Every message is written; one that could not be shown now becomes visible when its hiding ends.
            IngestionLog.QueueShowFailed(logger, queue.Name, StorageErrors.Describe(exception));
        }
    }

    private async Task DeleteWrittenAsync(QueueClient queue, IEnumerable<Task<Azure.Response<SendReceipt>>> sends)
    {
        var written = sends.Where(send => send.IsCompletedSuccessfully).Select(send => send.Result.Value).ToList();
        if (written.Count == 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(FollowUpTimeout);
        try
        {
            await Task.WhenAll(written.Select(receipt => queue.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, timeout.Token)));
        }
        catch (Exception exception)
        {
            IngestionLog.QueueCleanupFailed(logger, queue.Name, StorageErrors.Describe(exception));
        }
    }
}
