using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;

namespace Telemetry.Services.Storage;

/// <summary>What a health check found of one queue or table.</summary>
public enum ResourceState
{
    /// <summary>It exists.</summary>
    Ok,

    /// <summary>Storage answered that it does not exist.</summary>
    Missing,

    /// <summary>Storage did not answer in time.</summary>
    Unavailable,
}

/// <summary>The state of every queue and table, by name.</summary>
public sealed record StorageHealthReport(IReadOnlyDictionary<string, ResourceState> Queues, IReadOnlyDictionary<string, ResourceState> Tables)
{
    /// <summary>Storage answers and every queue and table exists.</summary>
    public bool IsHealthy => Queues.Values.Concat(Tables.Values).All(state => state == ResourceState.Ok);

    /// <summary>Some queue or table did not answer.</summary>
    public bool IsUnreachable => Queues.Values.Concat(Tables.Values).Any(state => state == ResourceState.Unavailable);
}

/// <summary>
/// Asks storage whether each queue and table exists, all at once. A missing one is reported as found and created
/// again in the background, so that the next check (and the next request) finds it.
/// </summary>
public sealed partial class StorageHealth
{
    private readonly TelemetryQueues _queues;
    private readonly TelemetryTables _tables;
    private readonly StorageResources _resources;
    private readonly ILogger<StorageHealth> _logger;

    internal StorageHealth(TelemetryQueues queues, TelemetryTables tables, StorageResources resources, ILogger<StorageHealth> logger)
    {
        _queues = queues;
        _tables = tables;
        _resources = resources;
        _logger = logger;
    }

    /// <summary>Checks every queue and table; <paramref name="cancellationToken"/> bounds the wait (a cut-off probe is unavailable).</summary>
    public async Task<StorageHealthReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var queueChecks = _queues.All.Select(queue => ProbeAsync(queue.Name, () => QueueExistsAsync(queue, cancellationToken))).ToList();
        var tableChecks = _tables.All.Select(table => ProbeAsync(table.Name, () => table.ExistsAsync(cancellationToken))).ToList();
        var found = await Task.WhenAll(queueChecks.Concat(tableChecks));
        if (found.FirstOrDefault(probe => probe.Failure is not null).Failure is { } failure)
        {
            LogProbesFailed(_logger, found.Count(probe => probe.Failure is not null), found.Length, StorageErrors.Describe(failure));
        }

        var report = new StorageHealthReport(
            found.Take(queueChecks.Count).ToDictionary(pair => pair.Name, pair => pair.State, StringComparer.Ordinal),
            found.Skip(queueChecks.Count).ToDictionary(pair => pair.Name, pair => pair.State, StringComparer.Ordinal));
        if (report.Queues.Values.Concat(report.Tables.Values).Contains(ResourceState.Missing))
        {
            _resources.StartCreating();
        }

        return report;
    }

    private static async Task<bool> QueueExistsAsync(QueueClient queue, CancellationToken cancellationToken) =>
        (await queue.ExistsAsync(cancellationToken)).Value;

    private static async Task<(string Name, ResourceState State, Exception? Failure)> ProbeAsync(string name, Func<Task<bool>> exists)
    {
        try
        {
            return (name, await exists() ? ResourceState.Ok : ResourceState.Missing, null);
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException or OperationCanceledException)
        {
            return (name, ResourceState.Unavailable, exception);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Health check: {Failed} of {Total} queues and tables did not answer: {Reason}")]
    private static partial void LogProbesFailed(ILogger logger, int failed, int total, string reason);
}
