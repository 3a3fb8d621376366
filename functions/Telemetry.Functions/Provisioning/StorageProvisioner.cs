using Telemetry.Core;
using Telemetry.Storage;

namespace Telemetry.Functions.Provisioning;

/// <summary>
/// Creates the queues and tables of the function catalog when they are missing. Runs beside start-up,
/// not before it (the Functions host wants an answer on GET / quickly), and retries while storage is not
/// reachable yet. <see cref="Ready"/> completes once everything exists.
/// </summary>
public sealed partial class StorageProvisioner(StorageAccount account, ILogger<StorageProvisioner> logger) : BackgroundService
{
    public const string PoliciesTable = "Policies";
    public const string PolicyAuditTable = "PolicyAudit";
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every queue and table exists; cancelled when the service stops first.</summary>
    public Task Ready => ready.Task;

    public static IReadOnlyList<string> QueueNames { get; } =
        [.. TelemetryCategories.All.SelectMany(c => new[] { TelemetryCategories.QueueName(c), PoisonQueueName(TelemetryCategories.QueueName(c)) })];

    public static IReadOnlyList<string> TableNames { get; } =
        [.. TelemetryCategories.All.Select(TelemetryCategories.TableName), PoliciesTable, PolicyAuditTable];

    public static string PoisonQueueName(string queueName) => queueName + "-poison";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                attemptTimeout.CancelAfter(AttemptTimeout);
                await CreateAllAsync(attemptTimeout.Token).ConfigureAwait(false);
                LogProvisioned(logger, QueueNames.Count, TableNames.Count, attempt);
                ready.TrySetResult();
                return;
            }
            catch (Exception exception)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    ready.TrySetCanceled(stoppingToken);
                    return;
                }

                LogStorageNotReachable(logger, attempt, delay.TotalSeconds, exception.GetType().Name, exception.Message);
            }

            try
            {
                await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ready.TrySetCanceled(stoppingToken);
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        var queues = QueueNames.Select(name => account.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken));
        var tables = TableNames.Select(name => account.GetTableClient(name).CreateIfNotExistsAsync(cancellationToken));
        await Task.WhenAll(queues.Concat(tables)).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Storage ready: {QueueCount} queues and {TableCount} tables exist (attempt {Attempt}).")]
    private static partial void LogProvisioned(ILogger logger, int queueCount, int tableCount, int attempt);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Storage not reachable yet (attempt {Attempt}); retrying in {DelaySeconds} s: {ExceptionType}: {Reason}")]
    private static partial void LogStorageNotReachable(ILogger logger, int attempt, double delaySeconds, string exceptionType, string reason);
}
