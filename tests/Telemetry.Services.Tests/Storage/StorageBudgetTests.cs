using Azure;
using Microsoft.Extensions.Time.Testing;
using Telemetry.Services.Storage;

namespace Telemetry.Services.Tests.Storage;

/// <summary>The request's storage budget: only storage work spends it; running out, a refusal and the client leaving are told apart.</summary>
public class StorageBudgetTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task WorkWithinTheBudgetReturnsItsResult()
    {
        var budget = new StorageBudget(CancellationToken.None, _time);

        Assert.Equal(42, await budget.RunAsync(_ => Task.FromResult(42)));
    }

    [Fact]
    public async Task WorkThatOutlastsTheBudgetIsCancelledAndReportedAsDeadlineExceeded()
    {
        var budget = new StorageBudget(CancellationToken.None, _time);

        var run = await StartWorkThatHangsAsync(budget);
        _time.Advance(StorageBudget.PerRequest);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => run);
        Assert.Equal(StorageFailure.DeadlineExceeded, error.Failure);
    }

    [Fact]
    public async Task TimeBetweenTwoPiecesOfStorageWorkIsNotSpent()
    {
        var budget = new StorageBudget(CancellationToken.None, _time, TimeSpan.FromSeconds(2));
        await budget.RunAsync(_ =>
        {
            _time.Advance(TimeSpan.FromSeconds(1.5));
            return Task.CompletedTask;
        });
        _time.Advance(TimeSpan.FromSeconds(30)); // reading a slow client's body, say

        var run = await StartWorkThatHangsAsync(budget);
        _time.Advance(TimeSpan.FromSeconds(0.4));
        Assert.False(run.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(StorageFailure.DeadlineExceeded, (await Assert.ThrowsAsync<StorageUnavailableException>(() => run)).Failure);
    }

    [Fact]
    public async Task ASpentBudgetRefusesMoreWorkWithoutStartingIt()
    {
        var budget = new StorageBudget(CancellationToken.None, _time, TimeSpan.FromSeconds(1));
        await budget.RunAsync(_ =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return Task.CompletedTask;
        });
        var started = false;

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => budget.RunAsync(_ =>
        {
            started = true;
            return Task.CompletedTask;
        }));

        Assert.Equal(StorageFailure.DeadlineExceeded, error.Failure);
        Assert.False(started);
    }

    [Fact]
    public async Task TheClientGoingAwayStaysACancellation()
    {
        using var aborted = new CancellationTokenSource();
        var budget = new StorageBudget(aborted.Token, _time);

        var run = budget.RunAsync(token => Task.Delay(Timeout.Infinite, token));
        await aborted.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.IsNotType<StorageUnavailableException>(error);
    }

    [Fact]
    public async Task ARefusalOrExhaustedRetriesAreReportedAsUnreachable()
    {
        var budget = new StorageBudget(CancellationToken.None, _time);

        var refused = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            budget.RunAsync(_ => Task.FromException(new RequestFailedException(503, "The server is busy.", "ServerBusy", null))));
        var retried = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            budget.RunAsync(_ => Task.FromException(new AggregateException(new RequestFailedException("Connection refused")))));

        Assert.Equal(StorageFailure.Unreachable, refused.Failure);
        Assert.Equal(StorageFailure.Unreachable, retried.Failure);
        Assert.Equal("Unreachable: 503 ServerBusy", StorageErrors.Describe(refused));
    }

    [Fact]
    public async Task AnExceptionThatIsNoStorageFailurePassesThrough()
    {
        var budget = new StorageBudget(CancellationToken.None, _time);

        await Assert.ThrowsAsync<FormatException>(() => budget.RunAsync(_ => Task.FromException(new FormatException("not a message"))));
    }

    /// <summary>Starts storage work that never ends by itself, and returns once it runs.</summary>
    private static async Task<Task> StartWorkThatHangsAsync(StorageBudget budget)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = budget.RunAsync(async token =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        await started.Task;
        return run;
    }
}
