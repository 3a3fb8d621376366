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
/// Asks storage which of the service's queues and tables exist: one listing of queues and one query of tables,
/// side by side. A missing one is reported as found and created again in the background, so that the next
/// check (and the next request) finds it.
/// </summary>
public sealed partial class StorageHealth
{
    private readonly TelemetryQueues _queues;
    private readonly TelemetryTables _tables;
    private readonly QueueServiceClient _queueService;
    private readonly TableServiceClient _tableService;
    private readonly StorageResources _resources;
    private readonly ILogger<StorageHealth> _logger;

    internal StorageHealth(
        TelemetryQueues queues, TelemetryTables tables, QueueServiceClient queueService, TableServiceClient tableService, StorageResources resources,
        ILogger<StorageHealth> logger)
    {
        _queues = queues;
        _tables = tables;
        _queueService = queueService;
        _tableService = tableService;
        _resources = resources;
        _logger = logger;
    }

    /// <summary>Checks every queue and table; <paramref name="cancellationToken"/> bounds the wait (what did not answer by then is unavailable).</summary>
    public async Task<StorageHealthReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var queueNames = _queues.All.Select(queue => queue.Name).ToList();
        var tableNames = _tables.All.Select(table => table.Name).ToList();
        var queues = FindAsync(queueNames, () => ListQueuesAsync(queueNames, cancellationToken));
        var tables = FindAsync(tableNames, () => ListTablesAsync(tableNames, cancellationToken));
        var report = new StorageHealthReport(await queues, await tables);
        if (report.Queues.Values.Concat(report.Tables.Values).Contains(ResourceState.Missing))
        {
            _resources.StartCreating();
        }

        return report;
    }

    private async Task<HashSet<string>> ListQueuesAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var prefix = new string(names[0].TakeWhile((c, i) => names.All(name => name.Length > i && name[i] == c)).ToArray());
        var found = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var queue in _queueService.GetQueuesAsync(prefix: prefix, cancellationToken: cancellationToken))
        {
            found.Add(queue.Name);
        }

        return found;
    }

    private async Task<HashSet<string>> ListTablesAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var filter = string.Join(" or ", names.Select(name => $"TableName eq {TableClient.CreateQueryFilter($"{name}")}"));
        var found = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var table in _tableService.QueryAsync(filter, cancellationToken: cancellationToken))
        {
            found.Add(table.Name);
        }

        return found;
    }

    private async Task<IReadOnlyDictionary<string, ResourceState>> FindAsync(IReadOnlyList<string> names, Func<Task<HashSet<string>>> list)
    {
        try
        {
            var found = await list();
            return names.ToDictionary(name => name, name => found.Contains(name) ? ResourceState.Ok : ResourceState.Missing, StringComparer.Ordinal);
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException or OperationCanceledException)
        {
            LogCheckFailed(_logger, string.Join(", ", names), StorageErrors.Describe(exception));
            return names.ToDictionary(name => name, _ => ResourceState.Unavailable, StringComparer.Ordinal);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Health check of {Resources} did not answer: {Reason}")]
    private static partial void LogCheckFailed(ILogger logger, string resources, string reason);
}
