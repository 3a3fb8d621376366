using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Telemetry.Services.Storage;

/// <summary>
/// Creates the queues and tables when they are missing. Runs beside start-up, not before it (a host wants an
/// answer to its readiness probe quickly), and retries while storage is not reachable yet. <see cref="Ready"/>
/// completes once everything exists. Its resources open the storage clients when the host starts it, so a
/// missing or unusable storage setting stops start-up with a message that names it.
/// </summary>
public sealed partial class StorageProvisioner(StorageResources resources, ILogger<StorageProvisioner> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every queue and table exists; cancelled when the service stops first.</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await resources.CreateAsync(stoppingToken);
                LogProvisioned(logger, StorageNames.Queues.Count, StorageNames.Tables.Count, attempt);
                _ready.TrySetResult();
                return;
            }
            catch (Exception exception)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    _ready.TrySetCanceled(stoppingToken);
                    return;
                }

                LogStorageNotReachable(logger, attempt, delay.TotalSeconds, StorageErrors.Describe(exception));
            }

            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                _ready.TrySetCanceled(stoppingToken);
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Storage ready: {QueueCount} queues and {TableCount} tables exist (attempt {Attempt}).")]
    private static partial void LogProvisioned(ILogger logger, int queueCount, int tableCount, int attempt);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Storage not reachable yet (attempt {Attempt}); retrying in {DelaySeconds} s: {Reason}")]
    private static partial void LogStorageNotReachable(ILogger logger, int attempt, double delaySeconds, string reason);
}
