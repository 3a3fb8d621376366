using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Telemetry.LocalHost.Configuration;
using Telemetry.LocalHost.Functions;
using Telemetry.LocalHost.Logging;
using Telemetry.LocalHost.Worker;

namespace Telemetry.LocalHost.Queues;

/// <summary>
/// The host's queue listener for one function. It receives up to batchSize messages, hidden for a lease (10 minutes
/// in the host, renewed at half time while the function runs), and invokes the function once per message; it
/// fetches again once no more than newBatchThreshold are in flight. Success deletes the message; failure makes it
/// visible again after visibilityTimeout, or moves it to <c>{queue}-poison</c> once its dequeue count reaches
/// maxDequeueCount (a message dequeued more often than that goes there untried). An empty or missing queue is
/// polled with a randomized exponential back-off up to maxPollingInterval, reset when messages arrive.
/// </summary>
internal sealed class QueueListener
{
    private readonly string _functionName;
    private readonly TriggerBinding _binding;
    private readonly QueueClient _queue;
    private readonly QueueClient? _poison;
    private readonly QueuesOptions _options;
    private readonly TimeSpan _lease;
    private readonly WorkerSupervisor _supervisor;
    private readonly FunctionInvoker _invoker;
    private readonly ILogger _logger;
    private readonly List<Task> _processing = [];

    public QueueListener(
        string functionName,
        TriggerBinding binding,
        QueueClients clients,
        QueuesOptions options,
        TimeSpan lease,
        WorkerSupervisor supervisor,
        FunctionInvoker invoker,
        ILogger logger)
    {
        _functionName = functionName;
        _binding = binding;
        _queue = clients.Queue;
        _poison = clients.Poison;
        _options = options;
        _lease = lease;
        _supervisor = supervisor;
        _invoker = invoker;
        _logger = logger;
    }

    public string QueueName => _queue.Name;

    /// <summary>Polls until <paramref name="stop"/>, then waits for the messages in flight.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var backoff = new PollingBackoff(_options.MaxPollingInterval);
        var foundSinceLastDelay = false;
        var failing = false;
        bool? queueExists = null;
        while (!stop.IsCancellationRequested)
        {
            var session = await _supervisor.GetReadyAsync(Timeout.InfiniteTimeSpan, stop).ConfigureAwait(false);
            if (session is null)
            {
                break;
            }

            QueueMessage[]? batch = null;
            try
            {
                // As the host: check that the queue exists before receiving, until it does.
                queueExists = queueExists == true || await _queue.ExistsAsync(stop).ConfigureAwait(false);
                if (queueExists == true)
                {
                    batch = (await _queue.ReceiveMessagesAsync(_options.BatchSize, _lease, stop).ConfigureAwait(false)).Value;
                }

                failing = false;
            }
            catch (RequestFailedException ex)
            {
                queueExists = null;
                if (!failing && ex.Status != 404)
                {
                    HostLog.PollFailed(_logger, _queue.Name, _functionName, ex.Status, ex.ErrorCode);
                }

                failing = true;
            }
            catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is RequestFailedException or HttpRequestException))
            {
                // The SDK's retries all failed: storage is unreachable.
                queueExists = null;
                if (!failing)
                {
                    HostLog.StorageUnreachable(_logger, _functionName, _queue.Uri);
                }

                failing = true;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }

            var messages = batch?.Where(m => m is not null).ToArray() ?? [];
            if (messages.Length == 0)
            {
                try
                {
                    await Task.Delay(backoff.Next(foundSinceLastDelay), stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                foundSinceLastDelay = false;
                continue;
            }

            foundSinceLastDelay = true;
            foreach (var message in messages)
            {
                _processing.Add(ProcessAsync(session, message, stop));
            }

            while (_processing.Count > _options.NewBatchThreshold)
            {
                _processing.Remove(await Task.WhenAny(_processing).ConfigureAwait(false));
            }

            _processing.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(_processing).ConfigureAwait(false);
    }

    private async Task ProcessAsync(WorkerSession session, QueueMessage message, CancellationToken stop)
    {
        try
        {
            if (message.DequeueCount > _options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message).ConfigureAwait(false);
                return;
            }

            var outcome = InvocationOutcome.Failed;
            await using (var lease = new LeaseRenewal(_queue, message, _lease))
            {
                if (session.FunctionId(_functionName) is { } functionId)
                {
                    var request = FunctionInvoker.NewRequest(functionId, _binding.Name, QueueTriggerInput.Value(message, _binding));
                    QueueTriggerInput.AddMetadata(request.TriggerMetadata, message);
                    outcome = await _invoker.RunAsync(session, _functionName, request).ConfigureAwait(false);
                }

                await lease.StopAsync().ConfigureAwait(false);
                message = lease.Current;
            }

            if (outcome == InvocationOutcome.Succeeded)
            {
                await DeleteAsync(message).ConfigureAwait(false);
            }
            else if (outcome == InvocationOutcome.WorkerLost && stop.IsCancellationRequested)
            {
                // The host is stopping: leave the message hidden; it comes back when its lease ends.
            }
            else if (_poison is not null)
            {
                if (message.DequeueCount >= _options.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(message).ConfigureAwait(false);
                }
                else
                {
                    await ReleaseAsync(message).ConfigureAwait(false);
                }
            }

            // Without a poison queue (a -poison queue itself) a failed message stays hidden until its lease ends,
            // as in the host, so that it does not spin.
        }
        catch (RequestFailedException ex)
        {
            HostLog.CompleteFailed(_logger, message.MessageId, _queue.Name, ex.Status, ex.ErrorCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or AggregateException or OperationCanceledException)
        {
            HostLog.CompleteFailed(_logger, message.MessageId, _queue.Name, 0, ex.GetType().Name);
        }
    }

    private async Task DeleteAsync(QueueMessage message)
    {
        try
        {
            await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            // Gone already, or taken over by another receiver that will delete it.
        }
    }

    private async Task ReleaseAsync(QueueMessage message)
    {
        try
        {
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: CancellationToken.None)
                .ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message)
    {
        if (_poison is null)
        {
            return;
        }

        await QueueClients.SendCreatingAsync(_poison, message.Body).ConfigureAwait(false);
        HostLog.MovedToPoison(_logger, message.MessageId, _options.MaxDequeueCount, _poison.Name, _functionName);
        await DeleteAsync(message).ConfigureAwait(false);
    }

    /// <summary>Keeps a message hidden while its function runs: the lease is renewed at half time, as the host's.</summary>
    private sealed class LeaseRenewal : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public LeaseRenewal(QueueClient queue, QueueMessage message, TimeSpan lease)
        {
            Current = message;
            _renewing = RenewAsync(queue, lease);
        }

        public QueueMessage Current { get; private set; }

        public async Task StopAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _renewing.ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync().ConfigureAwait(false);
            _stop.Dispose();
        }

        private async Task RenewAsync(QueueClient queue, TimeSpan lease)
        {
            var interval = lease / 2;
            while (true)
            {
                try
                {
                    await Task.Delay(interval, _stop.Token).ConfigureAwait(false);

                    // Stopping does not cut a renewal short: one that storage applied but whose answer was dropped
                    // would leave a stale pop receipt, the delete would fail, and the message would run again.
                    using var renewal = new CancellationTokenSource(lease);
                    var receipt = await queue.UpdateMessageAsync(Current.MessageId, Current.PopReceipt, visibilityTimeout: lease, cancellationToken: renewal.Token)
                        .ConfigureAwait(false);
                    Current = Current.Update(receipt.Value);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (OperationCanceledException)
                {
                    // Storage did not answer the renewal in time: try again sooner, while the lease still runs.
                    interval = lease / 4;
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 400)
                {
                    // The message is gone or someone else holds it: nothing left to renew.
                    return;
                }
                catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException)
                {
                    // Try again sooner, while the lease still runs.
                    interval = lease / 4;
                }
            }
        }
    }
}
