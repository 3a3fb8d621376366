using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Functions.Configuration;
using Telemetry.Services.Diagnostics;
using Telemetry.Services.Processing;
using Telemetry.Services.Storage;

namespace Telemetry.Functions.Processing;

/// <summary>
/// Standalone mode's stand-in for the Functions host's queue trigger, for one category: receive a batch
/// under a lease, process each message with <see cref="TableWriter"/>, delete on success; on failure
/// hide it for the retry delay, and once it has failed on its last allowed delivery, copy its text intact
/// to the poison queue before deleting it. Idle queues are polled less and less often.
/// </summary>
public sealed partial class QueueWorker(
    TelemetryCategory category,
    TelemetryQueues queues,
    TableWriter writer,
    StorageProvisioner provisioner,
    StorageResources resources,
    TelemetryMetrics metrics,
    IOptions<TelemetryOptions> options,
    ILogger<QueueWorker> logger) : BackgroundService
{
    private readonly QueueWorkerOptions settings = options.Value.QueueWorkers;
    private readonly string categoryName = TelemetryCategories.RouteSegment(category);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await provisioner.Ready.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var queue = queues.For(category);
        var idleDelay = MinDelay;
        LogStarted(logger, queue.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            var received = await TryReceiveAsync(queue, stoppingToken).ConfigureAwait(false);
            if (received is { Count: > 0 })
            {
                idleDelay = MinDelay;
                await Task.WhenAll(received.Select(message => HandleAsync(queue, message, stoppingToken))).ConfigureAwait(false);
                continue;
            }

            try
            {
                await Task.Delay(idleDelay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            idleDelay = TimeSpan.FromTicks(Math.Min(idleDelay.Ticks * 2, MaxDelay.Ticks));
        }

        LogStopped(logger, queue.Name);
    }

    private TimeSpan MinDelay => TimeSpan.FromMilliseconds(settings.MinPollingIntervalMilliseconds);

    private TimeSpan MaxDelay => TimeSpan.FromMilliseconds(settings.MaxPollingIntervalMilliseconds);

    private async Task<IReadOnlyList<QueueMessage>?> TryReceiveAsync(QueueClient queue, CancellationToken stoppingToken)
    {
        try
        {
            return await resources.RunAsync(
                async token => (await queue.ReceiveMessagesAsync(settings.BatchSize, TimeSpan.FromSeconds(settings.LeaseSeconds), token).ConfigureAwait(false)).Value,
                stoppingToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                LogReceiveFailed(logger, queue.Name, StorageErrors.Describe(exception));
            }

            return null;
        }
    }

    private async Task HandleAsync(QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            // Delivered more often than allowed (a crash between failure and poisoning): poison without another try.
            if (message.DequeueCount <= settings.MaxDequeueCount)
            {
                await writer.WriteAsync(category, message.MessageText, stoppingToken).ConfigureAwait(false);
                await DeleteProcessedAsync(queue, message).ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(queue, message, TimeSpan.Zero).ConfigureAwait(false);
            return;
        }
        catch (Exception exception)
        {
            LogProcessingFailed(logger, categoryName, message.MessageId, message.DequeueCount, exception.GetType().Name);
            if (message.DequeueCount < settings.MaxDequeueCount)
            {
                await ReleaseAsync(queue, message, TimeSpan.FromSeconds(settings.RetryDelaySeconds)).ConfigureAwait(false);
                return;
            }
        }

        await PoisonAsync(queue, message).ConfigureAwait(false);
    }

    private async Task PoisonAsync(QueueClient queue, QueueMessage message)
    {
        var poison = queues.PoisonFor(category);
        try
        {
            // Copy first, then delete: a crash in between leaves a duplicate, never a loss.
            await resources.RunAsync(
                token => poison.SendMessageAsync(message.MessageText, timeToLive: TelemetryQueues.MessageTimeToLive, cancellationToken: token),
                CancellationToken.None).ConfigureAwait(false);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
            metrics.Poisoned(category);
            LogPoisoned(logger, message.MessageId, poison.Name, message.DequeueCount);
        }
        catch (Exception exception)
        {
            // The lease expires and the message comes back; the next delivery poisons it.
            LogPoisonFailed(logger, message.MessageId, poison.Name, StorageErrors.Describe(exception));
        }
    }

    private async Task DeleteProcessedAsync(QueueClient queue, QueueMessage message)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The rows are stored: a failed delete is no processing failure. The message comes back when its
            // lease ends and rewrites the same rows; it must not count towards the poison queue.
            LogDeleteFailed(logger, message.MessageId, StorageErrors.Describe(exception));
        }
    }

    private async Task ReleaseAsync(QueueClient queue, QueueMessage message, TimeSpan visibleIn)
    {
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: visibleIn, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Not fatal: the lease runs out and the message is delivered again.
            LogReleaseFailed(logger, message.MessageId, StorageErrors.Describe(exception));
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Queue worker for {Queue} started.")]
    private static partial void LogStarted(ILogger logger, string queue);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Queue worker for {Queue} stopped.")]
    private static partial void LogStopped(ILogger logger, string queue);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Receiving from {Queue} failed: {Reason}")]
    private static partial void LogReceiveFailed(ILogger logger, string queue, string reason);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "Processing a {Category} message {MessageId} failed on delivery {DequeueCount}: {ExceptionType}")]
    private static partial void LogProcessingFailed(ILogger logger, string category, string messageId, long dequeueCount, string exceptionType);

    [LoggerMessage(EventId = 604, Level = LogLevel.Error, Message = "Message {MessageId} moved to {PoisonQueue} after {DequeueCount} deliveries.")]
    private static partial void LogPoisoned(ILogger logger, string messageId, string poisonQueue, long dequeueCount);

    [LoggerMessage(EventId = 605, Level = LogLevel.Error, Message = "Could not move message {MessageId} to {PoisonQueue}: {Reason}")]
    private static partial void LogPoisonFailed(ILogger logger, string messageId, string poisonQueue, string reason);

    [LoggerMessage(EventId = 606, Level = LogLevel.Warning, Message = "Could not release message {MessageId}: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 607, Level = LogLevel.Warning, Message = "Message {MessageId} is stored but could not be deleted: {Reason}; its redelivery rewrites the same rows.")]
    private static partial void LogDeleteFailed(ILogger logger, string messageId, string reason);
}
