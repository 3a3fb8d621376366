using Azure;
using Microsoft.Extensions.Logging;

namespace Telemetry.Services.Storage;

/// <summary>
/// The service's queues and tables as resources that may disappear under it (an emulator restarted empty, a
/// table deleted by hand). <see cref="RunAsync{T}"/> runs a storage call; when the call finds a queue or table
/// missing, every missing one is created again (one round at a time, shared by every caller that noticed) and
/// the call runs once more.
/// </summary>
public sealed partial class StorageResources
{
    /// <summary>How long one round of creating may take; it belongs to every waiter, so no caller's token ends it.</summary>
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(10);

    private readonly TelemetryQueues _queues;
    private readonly TelemetryTables _tables;
    private readonly ILogger<StorageResources> _logger;
    private readonly Lock _lock = new();
    private Task? _round;

    internal StorageResources(TelemetryQueues queues, TelemetryTables tables, ILogger<StorageResources> logger)
    {
        _queues = queues;
        _tables = tables;
        _logger = logger;
    }

    /// <summary>True when <paramref name="exception"/> says that a queue or table does not exist.</summary>
    public static bool IsMissing(Exception exception) =>
        exception is RequestFailedException { Status: 404, ErrorCode: StorageErrorCodes.TableNotFound or StorageErrorCodes.QueueNotFound };

    /// <summary>Runs <paramref name="call"/>; if it finds a queue or table missing, creates them again and runs it once more.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call(cancellationToken);
        }
        catch (Exception exception) when (IsMissing(exception))
        {
            LogMissing(_logger, ((RequestFailedException)exception).ErrorCode!);
            await CreateAsync(cancellationToken);
            LogCreatedAgain(_logger);
            return await call(cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="call"/> like <see cref="RunAsync{T}"/>.</summary>
    public Task RunAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync(async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);
    }

    /// <summary>Creates every queue and table that does not exist; joins the round already under way, if any.</summary>
    public Task CreateAsync(CancellationToken cancellationToken = default)
    {
        Task round;
        lock (_lock)
        {
            if (_round is null || _round.IsCompleted)
            {
                _round = CreateAllAsync();
            }

            round = _round;
        }

        return round.WaitAsync(cancellationToken);
    }

    /// <summary>Starts a round without waiting for it (failures are logged).</summary>
    public void StartCreating() => _ = ObserveAsync(CreateAsync());

    private async Task CreateAllAsync()
    {
        using var timeout = new CancellationTokenSource(RoundTimeout);
        var token = timeout.Token;
        await Task.WhenAll(
            _queues.All.Select(queue => queue.CreateIfNotExistsAsync(cancellationToken: token))
                .Concat<Task>(_tables.All.Select(table => table.CreateIfNotExistsAsync(token))));
    }

    private async Task ObserveAsync(Task round)
    {
        try
        {
            await round;
            LogCreatedAgain(_logger);
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException or OperationCanceledException)
        {
            LogCreateFailed(_logger, StorageErrors.Describe(exception));
        }
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "A queue or table is missing ({ErrorCode}); creating the missing ones again.")]
    private static partial void LogMissing(ILogger logger, string errorCode);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "The missing queues and tables exist again.")]
    private static partial void LogCreatedAgain(ILogger logger);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Creating the missing queues and tables failed: {Reason}")]
    private static partial void LogCreateFailed(ILogger logger, string reason);
}

/// <summary>The x-ms-error-code values the services act on.</summary>
internal static class StorageErrorCodes
{
    public const string TableNotFound = "TableNotFound";
    public const string QueueNotFound = "QueueNotFound";
}
