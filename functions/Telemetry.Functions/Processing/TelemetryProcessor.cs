using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Telemetry.Core;
using Telemetry.Functions.Configuration;
using Telemetry.Functions.Diagnostics;
using Telemetry.Storage;

namespace Telemetry.Functions.Processing;

/// <summary>
/// One queue message to table rows: parse, pseudonymize and map, then upsert per partition in entity
/// group transactions of at most 100. Upserts keyed by record id make a redelivered message harmless.
/// The queue-trigger endpoints and the standalone workers both call this, and only this.
/// </summary>
public sealed partial class TelemetryProcessor
{
    public const int MaxTransactionSize = 100;

    private readonly Func<string, ITableClient> createTable;
    private readonly ConcurrentDictionary<string, ITableClient> tables = new(StringComparer.Ordinal);
    private readonly Pseudonymizer pseudonymizer;
    private readonly TelemetryMetrics metrics;
    private readonly ILogger<TelemetryProcessor> logger;
    private readonly int maxParallelPartitions;

    public TelemetryProcessor(
        StorageAccount account,
        Pseudonymizer pseudonymizer,
        TelemetryMetrics metrics,
        IOptions<TelemetryOptions> options,
        ILogger<TelemetryProcessor> logger)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(options);
        createTable = account.GetTableClient;
        this.pseudonymizer = pseudonymizer;
        this.metrics = metrics;
        this.logger = logger;
        maxParallelPartitions = options.Value.Processing.MaxParallelPartitions;
    }

    /// <summary>Stores the message's records; returns the number of rows written.</summary>
    /// <exception cref="FormatException">The message is malformed or belongs to another category's queue.</exception>
    public async Task<int> ProcessAsync(TelemetryCategory category, string messageText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageText);
        var message = TelemetryMessage.Parse(messageText);
        if (message.Category != category)
        {
            throw new FormatException($"A {TelemetryCategories.RouteSegment(message.Category)} message arrived on the {TelemetryCategories.RouteSegment(category)} queue.");
        }

        var rows = EntityMapper.Map(message, pseudonymizer);
        var transactions = ToTransactions(rows);
        await Parallel.ForEachAsync(
            transactions,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelPartitions, CancellationToken = cancellationToken },
            async (transaction, token) =>
                await tables.GetOrAdd(transaction.Table, createTable).SubmitTransactionAsync(transaction.Actions, token).ConfigureAwait(false))
            .ConfigureAwait(false);

        var stored = transactions.Sum(transaction => transaction.Actions.Count);
        metrics.Stored(category, stored);
        LogStored(logger, stored, TelemetryCategories.RouteSegment(category), transactions.Count);
        return stored;
    }

    /// <summary>Rows grouped by (table, PartitionKey), a record id once per partition, in chunks of at most 100.</summary>
    public static IReadOnlyList<PartitionTransaction> ToTransactions(IReadOnlyList<TelemetryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var transactions = new List<PartitionTransaction>();
        foreach (var partition in rows.GroupBy(row => (row.Table, row.PartitionKey)))
        {
            // A batch may not touch one entity twice; the last copy of a repeated id wins, as it would on redelivery.
            var unique = partition.GroupBy(row => row.RowKey, StringComparer.Ordinal).Select(group => group.Last());
            foreach (var chunk in unique.Chunk(MaxTransactionSize))
            {
                var actions = chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(row))).ToList();
                transactions.Add(new PartitionTransaction(partition.Key.Table, partition.Key.PartitionKey, actions));
            }
        }

        return transactions;
    }

    private static TableEntity ToEntity(TelemetryRow row)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row.Properties)
        {
            entity[name] = value;
        }

        return entity;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Stored {Rows} {Category} rows in {Transactions} transactions.")]
    private static partial void LogStored(ILogger logger, int rows, string category, int transactions);
}

/// <summary>One entity group transaction: up to 100 upserts on one partition of one table.</summary>
public sealed record PartitionTransaction(string Table, string PartitionKey, IReadOnlyList<TableTransactionAction> Actions);
