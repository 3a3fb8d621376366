using Azure;

namespace Telemetry.Services.Storage;

/// <summary>
/// The time one request may spend waiting for storage, so that it is answered (a 503 at worst) before clients
/// give up. Only the storage work counts: reading the request body between two calls spends nothing. When the
/// budget runs out the work is cancelled and <see cref="StorageUnavailableException"/> says
/// <see cref="StorageFailure.DeadlineExceeded"/>; a storage failure says <see cref="StorageFailure.Unreachable"/>;
/// the client going away stays an <see cref="OperationCanceledException"/>. Used by one request at a time.
/// </summary>
public sealed class StorageBudget
{
    /// <summary>
    /// Leaves half a second of a 3-second answer for everything else; Azure.Core's retries
    /// (<see cref="StorageClientDefaults"/>) fit in it several times over.
    /// </summary>
    public static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(2.5);

    private readonly CancellationToken _requestAborted;
    private readonly TimeProvider _time;
    private TimeSpan _remaining;

    public StorageBudget(CancellationToken requestAborted, TimeProvider? time = null, TimeSpan? total = null)
    {
        _requestAborted = requestAborted;
        _time = time ?? TimeProvider.System;
        _remaining = total ?? PerRequest;
    }

    /// <summary>What is left of the budget.</summary>
    public TimeSpan Remaining => _remaining;

    /// <summary>Runs one piece of the request's storage work within what is left of the budget.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _requestAborted.ThrowIfCancellationRequested();
        if (_remaining <= TimeSpan.Zero)
        {
            throw new StorageUnavailableException(StorageFailure.DeadlineExceeded);
        }

        using var deadline = new CancellationTokenSource(_remaining, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _requestAborted);
        var started = _time.GetTimestamp();
        try
        {
            return await work(linked.Token);
        }
        catch (OperationCanceledException exception) when (!_requestAborted.IsCancellationRequested)
        {
            // Ours, or Azure.Core's network timeout after its retries: either way storage did not answer in time.
            throw new StorageUnavailableException(
                deadline.IsCancellationRequested ? StorageFailure.DeadlineExceeded : StorageFailure.Unreachable, exception);
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException)
        {
            // A refusal, or the retries' collected failures.
            throw new StorageUnavailableException(StorageFailure.Unreachable, exception);
        }
        finally
        {
            _remaining -= _time.GetElapsedTime(started);
        }
    }

    /// <summary>Runs one piece of the request's storage work within what is left of the budget.</summary>
    public Task RunAsync(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(async token =>
        {
            await work(token);
            return true;
        });
    }
}
