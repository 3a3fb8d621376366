using System.Net;
using Microsoft.Extensions.Logging;
using Telemetry.Client.Buffering;
using Telemetry.Client.Diagnostics;
using Telemetry.Client.Policy;
using Telemetry.Client.Wire;

namespace Telemetry.Client.Sending;

/// <summary>
/// The one background loop of a client: it reads the policy when due, cuts the buffer into batches (full ones at once,
/// the rest every flush interval or on a flush), sends each with retries, and answers flushes. It only awaits timers and
/// HTTP, so it holds no thread while it waits.
/// </summary>
internal sealed class SendLoop(
    RecordBuffer buffer,
    IngestionTransport transport,
    PolicyReader policyReader,
    ClientMetrics metrics,
    TelemetryClientOptions options,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Records older than the service accepts (7 days), with a margin for the request's own time.</summary>
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(5);

    private readonly object _flushLock = new();
    private readonly List<TaskCompletionSource> _flushWaiters = [];
    private TaskCompletionSource _wake = NewSignal();
    private DateTimeOffset _nextDrainAt = time.GetUtcNow() + options.FlushInterval;
    private DateTimeOffset _policyDueAt = time.GetUtcNow();
    private TelemetryPolicy? _policy;
    private volatile bool _unauthorized;

    public TelemetryPolicy? Policy => Volatile.Read(ref _policy);

    /// <summary>True after the service refused the key, until the policy can be read with it again.</summary>
    public bool Unauthorized => _unauthorized;

    /// <summary>Whether the user opted in to error reporting; read at every send.</summary>
    public bool UserOptIn { get; set; }

    public string? Suppression(TelemetryCategory category) => PolicyDecision.Suppression(category, options.Source, Policy, UserOptIn);

    /// <summary>Ends the wait early: a batch is full, or a flush was asked for.</summary>
    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Completes once everything buffered before the call has been sent or given up.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_flushLock)
        {
            _flushWaiters.Add(waiter);
        }

        Wake();
        return waiter.Task.WaitAsync(cancellationToken);
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await RefreshPolicyIfDueAsync(stopping);
                var now = time.GetUtcNow();
                var drainAll = now >= _nextDrainAt || HasFlushWaiters();
                if (drainAll)
                {
                    _nextDrainAt = now + options.FlushInterval;
                }

                foreach (var category in TelemetryCategories.All)
                {
                    while (buffer.CountOf(category) > 0 && (drainAll || buffer.HasFullBatch(category, options.MaxBatchRecords, options.MaxBatchBytes)))
                    {
                        var batch = buffer.Take(category, options.MaxBatchRecords, options.MaxBatchBytes, transport.EnvelopeBytes);
                        await SendAsync(category, batch, stopping);
                    }
                }

                if (buffer.Count == 0)
                {
                    CompleteFlushWaiters();
                }

                await WaitAsync(stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposal: the caller counts what is left.
        }
    }

    /// <summary>Marks the flushes that are still waiting as done; called once the loop has stopped.</summary>
    public void CompleteFlushWaiters()
    {
        TaskCompletionSource[] waiters;
        lock (_flushLock)
        {
            waiters = [.. _flushWaiters];
            _flushWaiters.Clear();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }
    }

    private async Task SendAsync(TelemetryCategory category, List<PendingRecord> batch, CancellationToken stopping)
    {
        for (var attempt = 1; ; attempt++)
        {
            batch = StillWanted(category, batch);
            if (batch.Count == 0)
            {
                return;
            }

            SendOutcome outcome;
            try
            {
                outcome = await transport.SendAsync(category, batch, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                Drop(category, batch.Count, "shutdown");
                throw;
            }

            switch (outcome.Verdict)
            {
                case SendVerdict.Done:
                    Received(category, outcome);
                    return;
                case SendVerdict.Split when batch.Count > 1:
                    var half = batch.Count / 2;
                    await SendAsync(category, batch[..half], stopping);
                    await SendAsync(category, batch[half..], stopping);
                    return;
                case SendVerdict.Split:
                    metrics.Rejected(category, 1);
                    ClientLog.RecordsRejected(logger, category.Name(), 1);
                    return;
                case SendVerdict.Unauthorized:
                    _unauthorized = true;
                    _policyDueAt = time.GetUtcNow() + options.PolicyRefreshInterval;
                    ClientLog.Unauthorized(logger, (int)outcome.Status!.Value);
                    Drop(category, batch.Count, "unauthorized");
                    foreach (var other in TelemetryCategories.All)
                    {
                        Drop(other, buffer.Clear(other), "unauthorized");
                    }

                    return;
                case SendVerdict.Refused:
                    ClientLog.Refused(logger, category.Name(), batch.Count, (int)outcome.Status!.Value, outcome.Code ?? "no code");
                    Drop(category, batch.Count, "refused");
                    return;
                default:
                    var reason = outcome.Status is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "network";
                    var delay = Backoff.Delay(attempt, options.InitialRetryDelay, options.MaxRetryDelay, outcome.RetryAfter, Random.Shared.NextDouble());
                    metrics.Retried(category, reason);
                    ClientLog.Retrying(logger, category.Name(), batch.Count, reason, delay);
                    try
                    {
                        await Task.Delay(delay, time, stopping);
                        await RefreshPolicyIfDueAsync(stopping);
                    }
                    catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                    {
                        Drop(category, batch.Count, "shutdown");
                        throw;
                    }

                    break;
            }
        }
    }

    /// <summary>The records of a batch still worth sending: not too old, and not suppressed by the policy now in force.</summary>
    private List<PendingRecord> StillWanted(TelemetryCategory category, List<PendingRecord> batch)
    {
        if (_unauthorized)
        {
            Drop(category, batch.Count, "unauthorized");
            return [];
        }

        if (Suppression(category) is not null)
        {
            metrics.Suppressed(category, batch.Count, "local");
            return [];
        }

        var oldest = time.GetUtcNow() - MaxAge;
        var fresh = batch.FindAll(record => record.Timestamp >= oldest);
        Drop(category, batch.Count - fresh.Count, "expired");
        return fresh;
    }

    private void Received(TelemetryCategory category, SendOutcome outcome)
    {
        metrics.Sent(category, outcome.Accepted);
        metrics.Suppressed(category, outcome.Suppressed, "service");
        metrics.Rejected(category, outcome.Rejected);
        ClientLog.BatchSent(logger, category.Name(), outcome.Accepted, outcome.Suppressed, outcome.Rejected);
        if (outcome.Rejected > 0)
        {
            ClientLog.RecordsRejected(logger, category.Name(), outcome.Rejected);
        }

        if (outcome.Suppressed > 0)
        {
            // The policy changed since it was read: read it again before the next batch.
            _policyDueAt = time.GetUtcNow();
        }
    }

    private async Task RefreshPolicyIfDueAsync(CancellationToken stopping)
    {
        if (time.GetUtcNow() < _policyDueAt)
        {
            return;
        }

        var (policy, status) = await policyReader.ReadAsync(stopping);
        if (policy is not null)
        {
            _unauthorized = false;
            if (policy != Policy)
            {
                ClientLog.PolicyChanged(logger, policy.Census, policy.Usage, policy.Errors);
            }

            Volatile.Write(ref _policy, policy);
            _policyDueAt = time.GetUtcNow() + options.PolicyRefreshInterval;
            return;
        }

        if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            if (!_unauthorized)
            {
                ClientLog.Unauthorized(logger, (int)status.Value);
            }

            _unauthorized = true;
            foreach (var category in TelemetryCategories.All)
            {
                Drop(category, buffer.Clear(category), "unauthorized");
            }
        }
        else
        {
            ClientLog.PolicyReadFailed(logger, status is { } code ? ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture) : "network");
        }

        // Try again soon, but not in a tight loop against a service that does not answer.
        var retryIn = options.FlushInterval < options.PolicyRefreshInterval ? options.FlushInterval : options.PolicyRefreshInterval;
        _policyDueAt = time.GetUtcNow() + (retryIn < options.InitialRetryDelay ? options.InitialRetryDelay : retryIn);
    }

    private async Task WaitAsync(CancellationToken stopping)
    {
        var wake = Volatile.Read(ref _wake);
        if (!HasFlushWaiters() || buffer.Count == 0)
        {
            var until = _nextDrainAt < _policyDueAt ? _nextDrainAt : _policyDueAt;
            var wait = until - time.GetUtcNow();
            if (wait > TimeSpan.Zero && !wake.Task.IsCompleted)
            {
                using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                var delay = Task.Delay(wait, time, stopWaiting.Token);
                await Task.WhenAny(wake.Task, delay);
                await stopWaiting.CancelAsync();
            }
        }

        if (wake.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _wake, NewSignal(), wake);
        }

        stopping.ThrowIfCancellationRequested();
    }

    private bool HasFlushWaiters()
    {
        lock (_flushLock)
        {
            return _flushWaiters.Count > 0;
        }
    }

    private void Drop(TelemetryCategory category, int count, string reason)
    {
        if (count > 0)
        {
            metrics.Dropped(category, count, reason);
            ClientLog.Dropped(logger, count, category.Name(), reason);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
